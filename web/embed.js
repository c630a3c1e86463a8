// Podscape for docs pages: one <script src=".../embed.js"></script> turns every
// <pre class="podscape"> (manifests, or a kubectl script with "# podscape: key=value" option
// lines) into a playground iframe; see "Embedding in training docs" in the README. The text and
// options travel in the URL fragment in the share format (crates/podscape-core/src/share) and
// are read as text, never HTML. Only resize messages from this site's origin and from the
// iframes made here are heeded.
// A block costs nothing until it is looked at: it is shown as a static preview (its text, in the
// playground's colours) until it nears the viewport, and only then becomes an iframe. Inside,
// a playground scrolled out of view stops its clock and frame loop. Styles are set through the
// CSSOM (never a style attribute or a <style> element), so a host page's strict CSP allows them.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var site = new URL('.', script.src);
  var MAX_FRAGMENT = 8 * 1024;
  // What each option may be; anything else is dropped (the playground would reject the whole
  // fragment otherwise).
  var OPTIONS = {
    scenario: /^[a-z0-9-]{1,64}$/,
    lang: /^(en|ru)$/,
    speed: /^(10|[1-9](\.[0-9])?|0\.[1-9])$/,
    seed: /^(0|[1-9][0-9]{0,18})$/,
    proxy: /^(iptables|ipvs|nftables)$/,
    view: /^(stage|editor|terminal|inspector)(,(stage|editor|terminal|inspector))*$/,
    autoplay: /^(|true|yes|1)$/,
  };
  var COMMAND = /^(\$\s+)?(kubectl|sleep|ssh|podscape)(\s|$)/;
  var LOADING = { en: 'Loading playground…', ru: 'Загрузка песочницы…' };
  // How near the viewport a preview becomes a playground: about a screen ahead of the reader.
  var NEAR = '600px 0px';
  var frames = new Map();
  var near = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      near.unobserve(entry.target);
      load(entry.target);
    });
  }, { rootMargin: NEAR }) : null;
  var pending = new Map();

  window.addEventListener('message', function (event) {
    if (event.origin !== site.origin) return;
    var frame = frames.get(event.source);
    var data = event.data;
    if (!frame || !data || typeof data !== 'object' || data.type !== 'podscape:resize') return;
    var height = Number(data.height);
    if (!Number.isFinite(height)) return;
    frame.style.height = Math.min(Math.max(Math.round(height), 240), 4000) + 'px';
  });

  // lz-string's compressToEncodedURIComponent (6 bits a character), which the playground's
  // decoder reads (crates/podscape-core/src/share). UTF-16 code units, as lz-string counts.
  function lz(text) {
    var KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-';
    var dict = new Map(), fresh = new Set(), out = [];
    var w = '', enlarge = 2, size = 3, bits = 2, val = 0, pos = 0;
    function put(value, n) {
      for (var i = 0; i < n; i++) {
        val = (val << 1) | ((value >> i) & 1);
        if (++pos === 6) { out.push(KEY[val]); val = 0; pos = 0; }
      }
    }
    function grow() {
      if (--enlarge === 0) { enlarge = Math.pow(2, bits); bits++; }
    }
    function emit(s) {
      if (fresh.has(s)) {
        var code = s.charCodeAt(0);
        if (code < 256) { put(0, bits); put(code, 8); } else { put(1, bits); put(code, 16); }
        grow();
        fresh.delete(s);
      } else {
        put(dict.get(s), bits);
      }
      grow();
    }
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (!dict.has(c)) { dict.set(c, size++); fresh.add(c); }
      var wc = w + c;
      if (dict.has(wc)) { w = wc; continue; }
      emit(w);
      dict.set(wc, size++);
      w = c;
    }
    if (w !== '') emit(w);
    put(2, bits);
    do { val <<= 1; } while (++pos < 6);
    out.push(KEY[val]);
    return out.join('');
  }

  function isScript(lines) {
    var commands = 0;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i].trim();
      if (line === '' || line.charAt(0) === '#') continue;
      if (!COMMAND.test(line)) return false;
      commands++;
    }
    return commands > 0;
  }

  function embed(pre) {
    var text = (pre.textContent || '').replace(/^\n+/, '');
    if (text.length > 64 * 1024) return; // far too large for a link: leave the block as it is
    var lines = text.split('\n');
    var options = {};
    lines.forEach(function (line) {
      var m = /^\s*#\s*podscape:(.*)$/.exec(line);
      if (!m) return;
      m[1].trim().split(/\s+/).forEach(function (pair) {
        var eq = pair.indexOf('=');
        var key = eq < 0 ? pair : pair.slice(0, eq);
        if (Object.prototype.hasOwnProperty.call(OPTIONS, key)) options[key] = eq < 0 ? '' : pair.slice(eq + 1);
      });
    });
    Object.keys(OPTIONS).forEach(function (key) {
      var value = pre.dataset[key];
      if (value !== undefined) options[key] = value;
    });
    var kind = isScript(lines) ? 'script' : 'yaml';
    if (kind === 'script') {
      text = lines.map(function (l) { return l.replace(/^(\s*)\$\s+/, '$1'); }).join('\n');
      if (options.view === undefined) options.view = 'stage,terminal';
    }
    var parts = ['v1'];
    Object.keys(OPTIONS).forEach(function (key) {
      var value = options[key];
      if (value === undefined || !OPTIONS[key].test(value)) return;
      parts.push(key === 'autoplay' ? key : key + '=' + value);
    });
    parts.push(kind + '=' + lz(text));
    var fragment = parts.join('&');
    if (fragment.length > MAX_FRAGMENT) return; // too large for a link: leave the block as it is
    var title = pre.getAttribute('aria-label') || 'Podscape playground';
    var preview = document.createElement('div');
    preview.setAttribute('data-podscape-preview', kind);
    preview.setAttribute('role', 'img');
    preview.setAttribute('aria-label', title);
    preview.setAttribute('aria-busy', 'true');
    put(preview, { display: 'flex', flexDirection: 'column', boxSizing: 'border-box', width: '100%',
      height: '560px', overflow: 'hidden', borderRadius: '12px', background: '#0b1020',
      color: '#e6ebff', border: '1px solid #26304f' });
    var label = document.createElement('div');
    label.textContent = LOADING[options.lang === 'ru' ? 'ru' : 'en'];
    put(label, { padding: '8px 14px', font: '600 13px system-ui, sans-serif', color: '#9aa7c7',
      background: '#111831', borderBottom: '1px solid #26304f' });
    var code = document.createElement('pre');
    code.textContent = text;
    put(code, { flex: '1', margin: '0', padding: '12px 14px', overflow: 'hidden',
      font: '13px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', whiteSpace: 'pre',
      color: '#e6ebff', background: 'transparent' });
    preview.append(label, code);
    pre.replaceWith(preview);
    pending.set(preview, { title: title, kind: kind, fragment: fragment });
    if (near) near.observe(preview);
    else load(preview);
  }

  function put(element, styles) {
    Object.keys(styles).forEach(function (key) { element.style[key] = styles[key]; });
  }

  // The preview near the viewport becomes the playground.
  function load(preview) {
    var block = pending.get(preview);
    if (!block) return;
    pending.delete(preview);
    var frame = document.createElement('iframe');
    frame.title = block.title;
    frame.setAttribute('data-podscape', block.kind);
    put(frame, { display: 'block', width: '100%', height: '560px', border: '0', borderRadius: '12px' });
    frame.src = new URL('index.html?embed#' + block.fragment, site).href;
    preview.replaceWith(frame);
    frames.set(frame.contentWindow, frame);
  }

  function run() {
    document.querySelectorAll('pre.podscape').forEach(embed);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
