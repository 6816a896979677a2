//! Finding the line of a JSON pointer in block-style YAML source, so that a
//! diagnostic can say "line 412" as well as the pointer. Best effort: it
//! follows the pointer as deep as the block structure allows and returns the
//! line of the deepest segment it found (flow-style `{...}` is not entered).

/// One JSON pointer segment escaped: `~` as `~0`, `/` as `~1`.
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// One JSON pointer segment as written before [`escape`].
pub(crate) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The source text split into lines, ready for pointer look-ups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    lines: Vec<Line>,
}

#[derive(Debug, Clone)]
struct Line {
    /// Indentation of the content (after any `- ` list markers).
    indent: usize,
    /// Indentation of the list dash, when the line starts a list item.
    dash: Option<usize>,
    /// The content after indentation and dash.
    content: String,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let lines = text
            .lines()
            .map(|raw| {
                let indent = raw.len() - raw.trim_start().len();
                let rest = raw.trim_start();
                match rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
                    Some(after) => {
                        let inner = after.len() - after.trim_start().len();
                        Line { indent: indent + 2 + inner, dash: Some(indent), content: after.trim_start().to_owned() }
                    }
                    None => Line { indent, dash: None, content: rest.to_owned() },
                }
            })
            .collect();
        Self { lines }
    }

    /// The 1-based line where `pointer` (`#/a/b/0`) is declared, or the line
    /// of its deepest ancestor found.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let path = pointer.trim_start_matches('#').trim_start_matches('/');
        if path.is_empty() {
            return Some(1);
        }
        let mut start = 0;
        let mut end = self.lines.len();
        let mut found = None;
        for segment in path.split('/') {
            let segment = unescape(segment);
            let Some(at) = self.find_child(start, end, &segment) else { break };
            found = Some(at);
            let own = self.lines[at].dash.unwrap_or(self.lines[at].indent);
            let own = if segment.parse::<usize>().is_ok() { own } else { self.lines[at].indent };
            start = if self.lines[at].dash.is_some() && segment.parse::<usize>().is_ok() { at } else { at + 1 };
            end = (at + 1..end)
                .find(|&i| self.is_content(i) && self.lines[i].dash.unwrap_or(self.lines[i].indent) <= own)
                .unwrap_or(end);
        }
        found.map(|i| i + 1)
    }

    fn is_content(&self, i: usize) -> bool {
        let c = &self.lines[i].content;
        !c.is_empty() && !c.starts_with('#')
    }

    fn find_child(&self, start: usize, end: usize, segment: &str) -> Option<usize> {
        let first = (start..end).find(|&i| self.is_content(i))?;
        if let Ok(index) = segment.parse::<usize>() {
            let dash = self.lines[first].dash?;
            return (first..end)
                .filter(|&i| self.lines[i].dash == Some(dash))
                .nth(index);
        }
        let indent = self.lines[first].indent;
        (first..end).find(|&i| {
            let line = &self.lines[i];
            line.indent == indent && key_of(&line.content) == Some(segment)
        })
    }
}

/// The mapping key a line starts with (`foo:`, `"foo":`, `'a/b':`).
fn key_of(content: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = content.strip_prefix(quote) {
            let close = rest.find(quote)?;
            return rest[close + 1..].starts_with(':').then_some(&rest[..close]);
        }
    }
    let colon = content.find(": ").or_else(|| content.ends_with(':').then(|| content.len() - 1))?;
    Some(&content[..colon])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
openapi: 3.0.0
paths:
  /sessions/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: include
          in: query
components:
  schemas:
    Session:
      type: object
      properties:
        'gateway:id':
          type: string
";

    #[test]
    fn finds_keys_list_items_and_quoted_keys() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_of("#/paths/~1sessions~1{id}/get"), Some(4));
        assert_eq!(index.line_of("#/paths/~1sessions~1{id}/get/parameters/1"), Some(8));
        assert_eq!(index.line_of("#/paths/~1sessions~1{id}/get/parameters/1/in"), Some(9));
        assert_eq!(index.line_of("#/components/schemas/Session/properties/gateway:id/type"), Some(16));
    }

    #[test]
    fn an_unknown_segment_gives_the_deepest_known_line() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_of("#/components/schemas/Missing"), Some(11));
    }
}
