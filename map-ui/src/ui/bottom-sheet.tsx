/**
 * The side panel of every screen, which on phones (< 768 px, styles.css "phones") becomes a
 * bottom sheet over the map with three heights: `peek` (a strip: the map above is almost
 * whole), `half` and `full`. Its handle is dragged (pointer: mouse, touch, pen), or moved with
 * its two buttons, or with the keyboard on the grip (↑/↓, Home/End, Enter/Space for the next
 * height). On wider screens the handle is hidden and the sheet is the plain side column.
 *
 * The heights are CSS (`.app-main[data-sheet]` sets `--sheet-h`), so the site panel, drawn
 * in the map area, can take the same height under the handle. While a drag is under way the
 * handle writes `--sheet-h` in pixels on the sheet's parent; letting go snaps to the nearest
 * height and removes it.
 */
import { type ReactNode, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export const SHEET_SNAPS = ['peek', 'half', 'full'] as const;
export type SheetSnap = (typeof SHEET_SNAPS)[number];

/** A move of `step` snaps from `snap`, kept within peek…full: `stepSnap('half', 1)` → `'full'`. */
export function stepSnap(snap: SheetSnap, step: number): SheetSnap {
  const i = SHEET_SNAPS.indexOf(snap) + step;
  return SHEET_SNAPS[Math.max(0, Math.min(SHEET_SNAPS.length - 1, i))];
}

/**
 * The snap nearest a dragged height, as a share of the room the sheet has:
 * `nearestSnap(120, 700)` → `'peek'`, `nearestSnap(420, 700)` → `'half'`.
 */
export function nearestSnap(height: number, room: number): SheetSnap {
  const share = height / Math.max(room, 1);
  if (share < 0.3) return 'peek';
  if (share < 0.75) return 'half';
  return 'full';
}

interface Props {
  id: string;
  label: string;
  snap: SheetSnap;
  onSnap(snap: SheetSnap): void;
  children: ReactNode;
}

/** A press that moves less than this is a tap on the grip, not a drag. */
const DRAG_THRESHOLD = 6;

export function BottomSheet({ id, label, snap, onSnap, children }: Props) {
  const { t } = useI18n();
  const sheetRef = useRef<HTMLElement>(null);
  const drag = useRef<{ y: number; height: number; moved: boolean; pointer: number } | null>(null);
  const suppressClick = useRef(false);
  const snapName = t(`layout.snap.${snap}`);

  const room = () => sheetRef.current?.parentElement?.clientHeight ?? window.innerHeight;
  const setLiveHeight = (px: number | null) => {
    const host = sheetRef.current?.parentElement;
    if (!host) return;
    if (px === null) {
      host.style.removeProperty('--sheet-h');
      delete host.dataset.dragging;
    } else {
      host.style.setProperty('--sheet-h', `${Math.round(px)}px`);
      host.dataset.dragging = 'true';
    }
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    // The two buttons are buttons; the rest of the handle (grip included) drags.
    if ((e.target as HTMLElement).closest('.sheet-step')) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    suppressClick.current = false;
    const height = sheetRef.current?.getBoundingClientRect().height ?? 0;
    drag.current = { y: e.clientY, height, moved: false, pointer: e.pointerId };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.abs(dy) < DRAG_THRESHOLD) return;
    d.moved = true;
    setLiveHeight(Math.max(48, Math.min(room(), d.height - dy)));
  };
  const endDrag = (e: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    drag.current = null;
    if (!d.moved) return; // a tap: the grip's click handles it
    const height = sheetRef.current?.getBoundingClientRect().height ?? d.height;
    setLiveHeight(null);
    if (!cancelled) onSnap(nearestSnap(height, room()));
    // The click that follows a drag must not also step the sheet.
    suppressClick.current = true;
  };

  const onGripKey = (e: React.KeyboardEvent) => {
    const next =
      e.key === 'ArrowUp' || e.key === 'PageUp'
        ? stepSnap(snap, 1)
        : e.key === 'ArrowDown' || e.key === 'PageDown'
          ? stepSnap(snap, -1)
          : e.key === 'Home'
            ? 'full'
            : e.key === 'End'
              ? 'peek'
              : null;
    if (!next) return;
    e.preventDefault();
    onSnap(next);
  };

  return (
    <aside id={id} ref={sheetRef} className="sheet" data-snap={snap} aria-label={label} tabIndex={-1}>
      {/* The pointer drag area around the grip; keyboard users have the grip and the two buttons. */}
      <div
        className="sheet-handle"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => endDrag(e, false)}
        onPointerCancel={(e) => endDrag(e, true)}
      >
        <button
          type="button"
          className="sheet-grip"
          aria-label={t('layout.sheetGrip', { state: snapName })}
          aria-keyshortcuts="ArrowUp ArrowDown Home End"
          onKeyDown={onGripKey}
          onClick={() => {
            if (suppressClick.current) {
              suppressClick.current = false;
              return;
            }
            // A tap: up to the next height, and from full back to half.
            onSnap(snap === 'full' ? 'half' : stepSnap(snap, 1));
          }}
        >
          <span className="sheet-grip-bar" aria-hidden="true" />
        </button>
        <span className="sheet-steps">
          <button
            type="button"
            className="sheet-step"
            disabled={snap === 'peek'}
            onClick={() => onSnap(stepSnap(snap, -1))}
          >
            <span aria-hidden="true">▾</span> {t(snap === 'half' ? 'layout.showMap' : 'layout.sheetDown')}
          </button>
          <button
            type="button"
            className="sheet-step"
            disabled={snap === 'full'}
            onClick={() => onSnap(stepSnap(snap, 1))}
          >
            <span aria-hidden="true">▴</span> {t('layout.sheetUp')}
          </button>
        </span>
      </div>
      <div className="sidebar">{children}</div>
    </aside>
  );
}
