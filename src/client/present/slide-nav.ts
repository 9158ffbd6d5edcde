/** What a key does in presentation mode. */
export type SlideAction = 'next' | 'prev' | 'first' | 'last' | 'exit' | 'notes';

/**
 * The action of a key, as presentation software has it: arrows, Page Up / Down, Space (Shift+Space back),
 * Backspace back, Home / End, Esc to leave, N to show or hide the speaker notes. Null: not a slide key.
 */
export function slideAction(key: string, shift = false): SlideAction | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
    case 'Enter':
      return 'next';
    case ' ':
    case 'Spacebar':
      return shift ? 'prev' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Escape':
    case 'Esc':
      return 'exit';
    case 'n':
    case 'N':
      return 'notes';
    default:
      return null;
  }
}

/** The slide after a move, clamped to [0, count - 1] (no wrap-around: the last slide stays the last). */
export function moveSlide(index: number, count: number, action: 'next' | 'prev' | 'first' | 'last'): number {
  if (count <= 0) return 0;
  const last = count - 1;
  switch (action) {
    case 'next':
      return Math.min(last, index + 1);
    case 'prev':
      return Math.max(0, index - 1);
    case 'first':
      return 0;
    case 'last':
      return last;
  }
}

/** The ids of the slides presented: the picked ones in report order, or the key slides when none is picked. */
export function pickedSlides<T extends { id: string; keySlide: boolean }>(
  sections: readonly T[],
  picked: readonly string[] | null,
): T[] {
  if (picked === null) return sections.filter((s) => s.keySlide);
  return sections.filter((s) => picked.includes(s.id));
}
