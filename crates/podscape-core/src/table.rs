//! kubectl's text formats: tabwriter-aligned tables and human-readable ages.

/// Aligns rows the way kubectl's printers do (`tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)`):
/// every column but the last padded to its widest cell plus three spaces, at least six wide.
pub fn render(rows: &[Vec<String>]) -> String {
    render_with(rows, 3, 6)
}

/// tabwriter with other settings: `kubectl describe` pads by 2 with no minimum width.
pub fn render_with(rows: &[Vec<String>], padding: usize, min_width: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let width = (widths[i] + padding).max(min_width);
                line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Go's `text/tabwriter` (padchar ' ', flags 0) over tab-separated text, as `kubectl describe`
/// writes it (`tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`): a cell ends with a tab; a column is
/// aligned over each block of consecutive lines that have a cell in it, so a line with fewer
/// cells starts a new block; the text after a line's last tab is not aligned.
pub fn tabwrite(text: &str, min_width: usize, padding: usize) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = vec![String::new(); lines.len()];
    let mut widths = Vec::new();
    tab_format(&lines, &mut widths, 0, lines.len(), min_width, padding, &mut out);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn tab_format(
    lines: &[Vec<&str>],
    widths: &mut Vec<usize>,
    mut line0: usize,
    line1: usize,
    min_width: usize,
    padding: usize,
    out: &mut [String],
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        tab_write(lines, widths, line0, this, out);
        line0 = this;
        let mut width = min_width;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + padding);
            this += 1;
        }
        widths.push(width);
        tab_format(lines, widths, line0, this, min_width, padding, out);
        widths.pop();
        line0 = this;
    }
    tab_write(lines, widths, line0, line1, out);
}

fn tab_write(lines: &[Vec<&str>], widths: &[usize], line0: usize, line1: usize, out: &mut [String]) {
    for i in line0..line1 {
        let mut text = String::new();
        for (j, cell) in lines[i].iter().enumerate() {
            text.push_str(cell);
            if let Some(&w) = widths.get(j) {
                text.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.chars().count())));
            }
        }
        out[i] = text;
    }
}

/// `duration.HumanDuration`: `45s`, `2m5s`, `12m`, `3h4m`, `2d3h`, … as the AGE column shows.
pub fn human_duration(ms: u64) -> String {
    let seconds = ms / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    let years = hours / 24 / 365;
    if hours < 24 * 365 * 8 {
        return format!("{years}y{}d", (hours / 24) % 365);
    }
    format!("{years}y")
}

/// Go's `time.Duration` String for whole seconds: `10s`, `1m20s`, `5m0s`.
pub fn go_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

/// An RFC 3339 timestamp of virtual time. The simulated cluster was created at
/// 2026-01-01T00:00:00Z, so timestamps look real and stay deterministic.
pub fn timestamp(ms: u64) -> String {
    let total = ms / 1000;
    let (days, rem) = (total / 86_400, total % 86_400);
    // Days after 2026-01-01 to a calendar date (good for any run shorter than a year).
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = days % 365;
    let mut month = 0;
    while month < 11 && day >= months[month] {
        day -= months[month];
        month += 1;
    }
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        2026 + days / 365,
        month + 1,
        day + 1,
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// The time format of `kubectl describe`: `Thu, 01 Jan 2026 00:01:00 +0000`.
pub fn describe_time(ms: u64) -> String {
    let stamp = timestamp(ms);
    let days = ms / 86_400_000;
    // 2026-01-01, the virtual epoch, was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = stamp[5..7].parse().unwrap_or(1);
    format!(
        "{weekday}, {} {} {} {} +0000",
        &stamp[8..10],
        months[month.clamp(1, 12) - 1],
        &stamp[..4],
        &stamp[11..19]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `kubectl describe ingress` example of the Kubernetes docs, as the describer writes
    /// it: a line with fewer cells starts a new column block, and cells end with padding.
    #[test]
    fn tabwrite_aligns_blocks_like_go() {
        let text = "Name:\tsimple-fanout-example\nNamespace:\tdefault\nDefault backend:\t<default>\n\
                    Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n  foo.bar.com\t\n\
                    \x20   \t/foo \tservice1:4200 (10.8.0.90:4200)\n    \t/bar \tservice2:8080 (10.8.0.91:8080)\n\
                    Annotations:\t<none>\n";
        assert_eq!(
            tabwrite(text, 0, 2),
            "Name:             simple-fanout-example\n\
             Namespace:        default\n\
             Default backend:  <default>\n\
             Rules:\n\
             \x20 Host         Path  Backends\n\
             \x20 ----         ----  --------\n\
             \x20 foo.bar.com  \n\
             \x20              /foo   service1:4200 (10.8.0.90:4200)\n\
             \x20              /bar   service2:8080 (10.8.0.91:8080)\n\
             Annotations:   <none>\n"
        );
        assert_eq!(tabwrite("", 0, 2), "\n");
        assert_eq!(tabwrite("a\tb\tc\n\t\t\n", 0, 1), "a b c\n    \n");
    }

    #[test]
    fn ages_read_like_kubectl() {
        let cases = [
            (0, "0s"),
            (45_000, "45s"),
            (119_000, "119s"),
            (125_000, "2m5s"),
            (180_000, "3m"),
            (720_000, "12m"),
            (3 * 3_600_000 + 240_000, "3h4m"),
            (30 * 3_600_000, "30h"),
            (51 * 3_600_000, "2d3h"),
            (20 * 86_400_000, "20d"),
        ];
        for (ms, text) in cases {
            assert_eq!(human_duration(ms), text, "{ms} ms");
        }
    }

    #[test]
    fn timestamps_are_rfc3339_from_the_virtual_epoch() {
        assert_eq!(timestamp(0), "2026-01-01T00:00:00Z");
        assert_eq!(
            timestamp(((31 + 1) * 86_400 + 3_723) * 1000),
            "2026-02-02T01:02:03Z"
        );
    }

    #[test]
    fn describe_times_read_like_kubectl() {
        assert_eq!(describe_time(60_000), "Thu, 01 Jan 2026 00:01:00 +0000");
        assert_eq!(describe_time(3 * 86_400_000), "Sun, 04 Jan 2026 00:00:00 +0000");
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(10), "10s");
        assert_eq!(go_duration(80), "1m20s");
        assert_eq!(go_duration(300), "5m0s");
    }

    #[test]
    fn columns_are_padded_by_three_and_the_last_is_not() {
        let rows = vec![
            vec!["NAME".into(), "READY".into(), "AGE".into()],
            vec!["web-1".into(), "1/1".into(), "5s".into()],
        ];
        assert_eq!(render(&rows), "NAME    READY   AGE\nweb-1   1/1     5s\n");
    }
}
