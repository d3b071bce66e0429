//! Laying the handout out on pages before anything is drawn: blocks of positioned
//! text, boxes and rules flow down the page and start a new page when they do not
//! fit. Because the result is plain data, the handout can try a more compact form of
//! the schedule when a layout takes too many pages, and tests can read positions.

use super::text::{Rgb, Run, Style, width, wrap, wrap_runs};

/// Something drawn on a page, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A rectangle, filled and/or outlined (`stroke` is the colour and line width).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// The chart (the SVG drawn by `crate::chart`), scaled into the box.
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        svg: String,
    },
}

impl Item {
    pub fn moved(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text { x, y, .. } | Item::Rect { x, y, .. } | Item::Chart { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        self
    }
}

/// A piece of the page that stays together, laid out from its own top-left corner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub height: f32,
    pub items: Vec<Item>,
}

impl Block {
    /// Text wrapped to `max_width`, one line under the other.
    pub fn paragraph(text: &str, style: Style, max_width: f32) -> Block {
        let mut block = Block::default();
        block.add_lines(&wrap(text, style, max_width), style, 0.0);
        block
    }

    /// Runs of mixed styles wrapped to `max_width`; lines are `leading` apart.
    pub fn rich(runs: &[Run], leading: Style, max_width: f32) -> Block {
        let mut block = Block::default();
        for line in wrap_runs(runs, max_width) {
            for (x, text, style) in line {
                block.items.push(Item::Text {
                    x,
                    y: block.height + leading.ascent(),
                    style,
                    text,
                });
            }
            block.height += leading.leading();
        }
        block
    }

    /// Adds lines at `x`, below what the block holds.
    pub fn add_lines(&mut self, lines: &[String], style: Style, x: f32) {
        for line in lines {
            self.items.push(Item::Text {
                x,
                y: self.height + style.ascent(),
                style,
                text: line.clone(),
            });
            self.height += style.leading();
        }
    }

    /// Puts `other` below this block's content, `gap` points further down.
    pub fn append(&mut self, other: Block, gap: f32) {
        let top = self.height + gap;
        self.items
            .extend(other.items.into_iter().map(|i| i.moved(0.0, top)));
        self.height = top + other.height;
    }

    /// Two blocks side by side: `left` at the left edge, `right` starting at `x`.
    pub fn beside(left: Block, right: Block, x: f32) -> Block {
        let height = left.height.max(right.height);
        let mut items = left.items;
        items.extend(right.items.into_iter().map(|i| i.moved(x, 0.0)));
        Block { height, items }
    }

    /// Adds room at the bottom.
    pub fn pad(&mut self, points: f32) {
        self.height += points;
    }

    /// The block inside a frame: `padding` on every side, a fill and an outline.
    pub fn framed(self, width: f32, padding: f32, fill: Option<Rgb>, stroke: (Rgb, f32)) -> Block {
        let height = self.height + 2.0 * padding;
        let mut items = vec![Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill,
            stroke: Some(stroke),
        }];
        items.extend(self.items.into_iter().map(|i| i.moved(padding, padding)));
        Block { height, items }
    }
}

/// Where the content of a page may go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBox {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Room kept at the bottom for the footer.
    pub footer: f32,
}

impl PageBox {
    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer
    }
}

/// Blocks flowing down pages.
pub struct Flow {
    pub page: PageBox,
    pub pages: Vec<Vec<Item>>,
    y: f32,
}

impl Flow {
    pub fn new(page: PageBox) -> Flow {
        Flow {
            page,
            pages: vec![Vec::new()],
            y: page.margin,
        }
    }

    fn at_top(&self) -> bool {
        self.y <= self.page.margin
    }

    /// Room left on the current page.
    pub fn room(&self) -> f32 {
        self.page.bottom() - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.page.margin;
    }

    /// Places a block, on a new page when it does not fit on this one.
    pub fn place(&mut self, block: Block) {
        if block.height > self.room() && !self.at_top() {
            self.new_page();
        }
        let (x, y) = (self.page.margin, self.y);
        let page = self.pages.last_mut().expect("a flow always has a page");
        page.extend(block.items.into_iter().map(|i| i.moved(x, y)));
        self.y += block.height;
    }

    /// Leaves `points` of space, unless the page just began.
    pub fn gap(&mut self, points: f32) {
        if !self.at_top() {
            self.y += points;
        }
    }

    /// Places a table: its header on every page it runs onto, and never a header
    /// alone at the bottom of a page. `heading` goes above it and stays with the
    /// header and the first row.
    pub fn place_table(&mut self, heading: Option<Block>, table: &Table) {
        let header = table.header_block();
        let rows: Vec<Block> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| table.row_block(r, i))
            .collect();
        let first = rows.first().map_or(0.0, |r| r.height);
        let heading_height = heading.as_ref().map_or(0.0, |h| h.height);
        if heading_height + header.height + first > self.room() && !self.at_top() {
            self.new_page();
        }
        if let Some(heading) = heading {
            self.place(heading);
        }
        self.place(header.clone());
        for row in rows {
            if row.height > self.room() {
                self.new_page();
                self.place(header.clone());
            }
            self.place(row);
        }
    }
}

/// How a column's text sits in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f32,
    pub align: Align,
}

/// One cell: its text and whether it is bold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: true,
        }
    }
}

/// A table of wrapped cells with a bold header row and every other row shaded, so
/// the eye keeps to a row across the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header_style: Style,
    pub body_style: Style,
    pub rows: Vec<Vec<Cell>>,
}

/// Space inside a cell, left and right.
const CELL_PAD_X: f32 = 4.0;
/// Space inside a cell, above and below.
const CELL_PAD_Y: f32 = 2.5;

impl Table {
    fn width(&self) -> f32 {
        self.columns.iter().map(|c| c.width).sum()
    }

    fn header_block(&self) -> Block {
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .map(|c| Cell::bold(c.header.clone()))
            .collect();
        let mut block = self.cells_block(&cells, self.header_style);
        let rule = Item::Rect {
            x: 0.0,
            y: block.height - 0.6,
            w: self.width(),
            h: 0.6,
            fill: Some(Rgb::TEXT),
            stroke: None,
        };
        block.items.push(rule);
        block
    }

    fn row_block(&self, cells: &[Cell], index: usize) -> Block {
        let mut block = self.cells_block(cells, self.body_style);
        if index % 2 == 1 {
            let shade = Item::Rect {
                x: 0.0,
                y: 0.0,
                w: self.width(),
                h: block.height,
                fill: Some(Rgb::SHADE),
                stroke: None,
            };
            block.items.insert(0, shade);
        }
        block
    }

    fn cells_block(&self, cells: &[Cell], style: Style) -> Block {
        let mut items = Vec::new();
        let mut lines_needed = 1;
        let mut x = 0.0;
        for (column, cell) in self.columns.iter().zip(cells) {
            let style = Style {
                bold: cell.bold,
                ..style
            };
            let inner = column.width - 2.0 * CELL_PAD_X;
            let lines = wrap(&cell.text, style, inner);
            lines_needed = lines_needed.max(lines.len());
            for (i, line) in lines.into_iter().enumerate() {
                let text_x = match column.align {
                    Align::Left => x + CELL_PAD_X,
                    Align::Right => x + column.width - CELL_PAD_X - width(&line, style),
                };
                let y = CELL_PAD_Y + style.ascent() + i as f32 * style.leading();
                items.push(Item::Text {
                    x: text_x,
                    y,
                    style,
                    text: line,
                });
            }
            x += column.width;
        }
        let height = 2.0 * CELL_PAD_Y + lines_needed as f32 * style.leading();
        Block { height, items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> PageBox {
        PageBox {
            width: 300.0,
            height: 200.0,
            margin: 20.0,
            footer: 10.0,
        }
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_block_that_does_not_fit_starts_a_new_page() {
        let mut flow = Flow::new(page());
        let style = Style::regular(12.0);
        for n in 0..12 {
            flow.place(Block::paragraph(&format!("line {n}"), style, 260.0));
        }
        assert_eq!(flow.pages.len(), 2);
        let first = texts(&flow.pages[0]);
        assert_eq!(
            first.len(),
            10,
            "150 points of room hold ten 15-point lines"
        );
        for item in &flow.pages[0] {
            if let Item::Text { y, .. } = item {
                assert!(*y < 170.0);
            }
        }
    }

    #[test]
    fn a_table_repeats_its_header_on_the_next_page() {
        let mut flow = Flow::new(page());
        let table = Table {
            columns: vec![
                Column {
                    header: "Dates".into(),
                    width: 160.0,
                    align: Align::Left,
                },
                Column {
                    header: "Amount".into(),
                    width: 100.0,
                    align: Align::Right,
                },
            ],
            header_style: Style::bold(10.0),
            body_style: Style::regular(12.0),
            rows: (0..10)
                .map(|n| vec![Cell::plain(format!("row {n}")), Cell::bold("12 g")])
                .collect(),
        };
        flow.place_table(None, &table);
        assert_eq!(flow.pages.len(), 2);
        for page in &flow.pages {
            assert_eq!(texts(page)[..2], ["Dates", "Amount"]);
        }
        let all: Vec<&str> = flow.pages.iter().flat_map(|p| texts(p)).collect();
        assert_eq!(all.iter().filter(|t| t.starts_with("row ")).count(), 10);
    }
}
