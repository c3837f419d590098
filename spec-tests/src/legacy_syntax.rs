//! The folded form of the legacy exception-handling instructions, which the
//! `wast` crate does not parse, rewritten into their flat form, which it
//! does:
//!
//! ```text
//! (try L? BT (do I*) (catch $t I*)* (catch_all I*)?)  →  try L? BT I* catch $t I* ... catch_all I* end
//! (try L? BT (do I*) (delegate D))                     →  try L? BT I* delegate D
//! ```
//!
//! The instructions inside stay as they are (folded or not: `wast` parses
//! folded instructions inside flat sequences). Only parentheses are
//! removed and words added on existing lines, so line numbers, which the
//! report gives, do not change. Strings and comments are copied untouched.

/// One lexical piece of the text.
#[derive(Debug)]
enum Token<'a> {
    Open,
    Close,
    /// A word, string, comment or whitespace run.
    Text(&'a str),
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b'(' if b.get(i + 1) == Some(&b';') => {
                // Block comment, nested.
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"(;") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b";)") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(Token::Text(&text[start..i]));
            }
            b'(' => {
                out.push(Token::Open);
                i += 1;
            }
            b')' => {
                out.push(Token::Close);
                i += 1;
            }
            b';' if b.get(i + 1) == Some(&b';') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                out.push(Token::Text(&text[start..i]));
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                out.push(Token::Text(&text[start..i]));
            }
            c if c.is_ascii_whitespace() => {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                out.push(Token::Text(&text[start..i]));
            }
            _ => {
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'(' | b')' | b'"' | b';') {
                    i += 1;
                }
                out.push(Token::Text(&text[start..i.max(start + 1)]));
                i = i.max(start + 1);
            }
        }
    }
    out
}

/// A parsed s-expression: a list of nodes, or one token's text.
enum Node<'a> {
    List(Vec<Node<'a>>),
    Text(&'a str),
}

impl Node<'_> {
    /// The first word of a list (skipping whitespace and comments).
    fn head(&self) -> Option<&str> {
        let Node::List(items) = self else { return None };
        items.iter().find_map(|n| match n {
            Node::Text(t) if is_trivia(t) => None,
            Node::Text(t) => Some(*t),
            Node::List(_) => Some(""),
        })
    }
}

fn is_trivia(t: &str) -> bool {
    t.trim().is_empty() || t.starts_with(";;") || t.starts_with("(;")
}

fn parse<'a>(tokens: &mut std::slice::Iter<'_, Token<'a>>) -> Vec<Node<'a>> {
    let mut items = Vec::new();
    while let Some(t) = tokens.next() {
        match t {
            Token::Open => items.push(Node::List(parse(tokens))),
            Token::Close => return items,
            Token::Text(s) => items.push(Node::Text(s)),
        }
    }
    items
}

fn print(node: &Node<'_>, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::List(items) if node.head() == Some("try") && items.iter().any(|n| n.head() == Some("do")) => {
            print_try(items, out)
        }
        Node::List(items) => {
            out.push('(');
            items.iter().for_each(|n| print(n, out));
            out.push(')');
        }
    }
}

/// Prints the contents of a list without its parentheses and first word.
fn print_after_head(items: &[Node<'_>], head: &str, out: &mut String) {
    let mut seen = false;
    for n in items {
        match n {
            Node::Text(t) if !seen && *t == head => {
                seen = true;
                out.push(' ');
            }
            _ => print(n, out),
        }
    }
}

fn print_try(items: &[Node<'_>], out: &mut String) {
    let mut delegated = false;
    for n in items {
        match n.head() {
            Some("do") => {
                let Node::List(body) = n else { unreachable!() };
                print_after_head(body, "do", out);
            }
            Some(word @ ("catch" | "catch_all")) => {
                let Node::List(clause) = n else { unreachable!() };
                out.push(' ');
                out.push_str(word);
                print_after_head(clause, word, out);
            }
            Some("delegate") => {
                let Node::List(clause) = n else { unreachable!() };
                out.push_str(" delegate");
                print_after_head(clause, "delegate", out);
                delegated = true;
            }
            _ => print(n, out),
        }
    }
    if !delegated {
        out.push_str(" end");
    }
}

/// `text` with every folded legacy `try` flattened; other text unchanged.
pub fn flatten_legacy_try(text: &str) -> String {
    if !text.contains("(do") {
        return text.to_string();
    }
    let tokens = tokenize(text);
    let nodes = parse(&mut tokens.iter());
    let mut out = String::with_capacity(text.len() + 64);
    nodes.iter().for_each(|n| print(n, &mut out));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_try_catch_and_delegate() {
        let text = "(func (try (result i32)\n  (do (throw $e))\n  (catch $e (i32.const 1)) (catch_all (i32.const 2))))";
        assert_eq!(
            flatten_legacy_try(text),
            "(func try (result i32)\n    (throw $e)\n   catch  $e (i32.const 1)  catch_all  (i32.const 2) end)"
        );
        let text = "(try $l (do (call $f)) (delegate 0)) ;; (do x)\n\"(do\"";
        assert_eq!(flatten_legacy_try(text), "try $l   (call $f)  delegate  0 ;; (do x)\n\"(do\"");
        assert_eq!(flatten_legacy_try("(module (func))"), "(module (func))");
    }
}
