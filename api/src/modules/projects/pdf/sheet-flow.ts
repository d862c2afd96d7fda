import {
  CONTENT,
  type Ctx,
  drawSectionTitle,
  drawText,
  measureText,
  type TextStyle,
  tr,
} from './pdf-draw.ts';

/** A block of a flowing sheet: its height at its width, and how to draw it there. */
export interface Block {
  h: number;
  draw(y: number): void;
  /** A heading: placed only with the block after it. */
  keepWithNext?: boolean;
  /** The section a heading opens, repeated "(continued)" atop a new page when its blocks go on there. */
  section?: { title: string; x: number; w: number };
}

/** Starts a continuation page of the sheet and returns where its content starts. */
export type NextPage = () => number;

/** Whether block `i` (with the block it must stay with) fits between `y` and the page bottom. */
function fits(blocks: readonly Block[], i: number, y: number): boolean {
  const b = blocks[i];
  const need = b.h + (b.keepWithNext && blocks[i + 1] ? blocks[i + 1].h : 0);
  return y + need <= CONTENT.bottom;
}

/**
 * Places one or more columns of blocks side by side from `y`, in order; when a column's next
 * block does not fit, it waits, and once no column can place anything more the sheet goes on
 * on a new page where every column resumes. A block taller than a whole page is still drawn
 * (never dropped). Returns the y below the lowest column.
 */
export function flowColumns(
  ctx: Ctx,
  columns: ReadonlyArray<readonly Block[]>,
  y: number,
  nextPage: NextPage,
): number {
  const at = columns.map(() => 0);
  const ys = columns.map(() => y);
  const sections = columns.map((): Block['section'] => undefined);
  // The top of a fresh continuation page, where a block is placed even if it cannot fit.
  let top = Number.NaN;
  for (;;) {
    columns.forEach((blocks, c) => {
      while (at[c] < blocks.length && (fits(blocks, at[c], ys[c]) || ys[c] === top)) {
        sections[c] = blocks[at[c]].section ?? sections[c];
        blocks[at[c]].draw(ys[c]);
        ys[c] += blocks[at[c]].h;
        at[c]++;
      }
    });
    if (columns.every((blocks, c) => at[c] >= blocks.length)) return Math.max(...ys);
    top = nextPage();
    columns.forEach((blocks, c) => {
      ys[c] = top;
      const section = sections[c];
      if (section && at[c] < blocks.length && !blocks[at[c]].section) {
        ys[c] += drawSectionTitle(
          ctx.doc,
          `${section.title} (${tr(ctx, 'continued')})`,
          section.x,
          top,
          section.w,
        );
      }
    });
  }
}

/** A section heading block (kept with what follows). */
export function titleBlock(ctx: Ctx, text: string, x: number, w: number): Block {
  return {
    h: 17,
    keepWithNext: true,
    section: { title: text, x, w },
    draw: (y) => drawSectionTitle(ctx.doc, text, x, y, w),
  };
}

/** A block of wrapped text, whole (no line limit). */
export function textBlock(ctx: Ctx, text: string, x: number, w: number, style: TextStyle, after = 4): Block {
  const h = measureText(ctx.doc, text, w, style) + after;
  return { h, draw: (y) => drawText(ctx.doc, text, x, y, w, style) };
}
