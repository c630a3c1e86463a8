// Podscape for docs pages: one <script src=".../embed.js"></script> turns every
// <pre class="podscape"> into a live playground (an iframe of this site).
//
//   <pre class="podscape" data-lang="ru" data-view="stage,editor,terminal" data-autoplay>
//   apiVersion: apps/v1
//   ...
//   </pre>
//
// Options (data-*): lang, view (stage, editor, terminal), scenario, speed, seed, proxy
// (iptables, ipvs, nftables), autoplay. The block's text goes to the playground through the URL
// fragment, read as text (never as HTML). Messages are accepted only from this site's origin and
// only from the iframes this script made; the only one understood is a resize.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var site = new URL('.', script.src);
  var OPTIONS = ['lang', 'view', 'scenario', 'speed', 'seed', 'proxy', 'autoplay'];
  var frames = new Map();

  window.addEventListener('message', function (event) {
    if (event.origin !== site.origin) return;
    var frame = frames.get(event.source);
    var data = event.data;
    if (!frame || !data || typeof data !== 'object' || data.type !== 'podscape:resize') return;
    var height = Number(data.height);
    if (!Number.isFinite(height)) return;
    frame.style.height = Math.min(Math.max(Math.round(height), 240), 4000) + 'px';
  });

  function embed(pre) {
    var text = pre.textContent || '';
    if (text.length > 32 * 1024) return; // too large for a link: leave the block as it is
    var params = new URLSearchParams();
    params.set('embed', '');
    OPTIONS.forEach(function (name) {
      var value = pre.dataset[name];
      if (value !== undefined) params.set(name, value);
    });
    var frame = document.createElement('iframe');
    frame.title = pre.getAttribute('aria-label') || 'Podscape playground';
    frame.setAttribute('data-podscape', '');
    frame.style.cssText = 'display:block;width:100%;height:560px;border:0;border-radius:12px;';
    frame.src = new URL('index.html?' + params.toString().replace(/=(&|$)/g, '$1') + '#yaml=' +
      encodeURIComponent(text.replace(/^\n+/, '')), site).href;
    pre.replaceWith(frame);
    frames.set(frame.contentWindow, frame);
  }

  function run() {
    document.querySelectorAll('pre.podscape').forEach(embed);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
