//! A small line diff for test reports: `-` expected, `+` actual, two lines
//! of context, long runs elided.

const CONTEXT: usize = 2;
const MAX_LINES: usize = 80;
/// Above this many cells the LCS table is too big: report the first difference only.
const MAX_CELLS: usize = 16_000_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Edit<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// Renders the differences between `expected` and `actual`, line by line.
pub fn diff(expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    let edits = if a.len().saturating_mul(b.len()) <= MAX_CELLS {
        lcs_edits(&a, &b)
    } else {
        first_difference(&a, &b)
    };
    render(&edits)
}

fn lcs_edits<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Edit<'a>> {
    // Trim the common prefix and suffix, then a classic LCS table on the rest.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let w = mb.len() + 1;
    let mut table = vec![0u32; (ma.len() + 1) * w];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            table[i * w + j] = if ma[i] == mb[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let mut edits: Vec<Edit> = a[..prefix].iter().map(|l| Edit::Same(l)).collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            edits.push(Edit::Same(ma[i]));
            i += 1;
            j += 1;
        } else if i < ma.len() && (j == mb.len() || table[(i + 1) * w + j] >= table[i * w + j + 1]) {
            edits.push(Edit::Removed(ma[i]));
            i += 1;
        } else {
            edits.push(Edit::Added(mb[j]));
            j += 1;
        }
    }
    edits.extend(a[a.len() - suffix..].iter().map(|l| Edit::Same(l)));
    edits
}

fn first_difference<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Edit<'a>> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let mut edits: Vec<Edit> = a[..prefix].iter().map(|l| Edit::Same(l)).collect();
    edits.extend(a[prefix..].iter().take(10).map(|l| Edit::Removed(l)));
    edits.extend(b[prefix..].iter().take(10).map(|l| Edit::Added(l)));
    edits
}

fn render(edits: &[Edit]) -> String {
    let changed: Vec<usize> = (0..edits.len()).filter(|&k| !matches!(edits[k], Edit::Same(_))).collect();
    let near_change = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut lines = 0;
    let mut skipped = false;
    for (k, edit) in edits.iter().enumerate() {
        if !near_change(k) {
            skipped = true;
            continue;
        }
        if skipped && !out.is_empty() {
            out.push_str("    ...\n");
        }
        skipped = false;
        if lines == MAX_LINES {
            out.push_str("    ... (diff truncated)\n");
            break;
        }
        lines += 1;
        let (mark, text) = match edit {
            Edit::Same(t) => (' ', t),
            Edit::Removed(t) => ('-', t),
            Edit::Added(t) => ('+', t),
        };
        out.push_str(&format!("   {mark} {}", show_line(text)));
    }
    out
}

/// One line as shown in the report: a missing final newline is spelled out.
fn show_line(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(l) => format!("{}\n", l.escape_debug()),
        None => format!("{}  (no newline at end)\n", line.escape_debug()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let a = b"1\n2\n3\n4\n5\n6\n7\n8\n";
        let b = b"1\n2\n3\nfour\n5\n6\n7\n8\nnine\n";
        let d = diff(a, b);
        assert!(d.contains("   - 4\n   + four\n"), "{d}");
        assert!(d.contains("   + nine\n"), "{d}");
        assert!(!d.contains(" 1\n"), "{d}");
    }

    #[test]
    fn spells_out_a_missing_newline() {
        let d = diff(b"a\n", b"a");
        assert!(d.contains("(no newline at end)"), "{d}");
    }

    #[test]
    fn identical_inputs_have_no_diff() {
        assert_eq!(diff(b"x\ny\n", b"x\ny\n"), "");
    }
}
