import { describe, expect, it } from 'vitest';
import { moveSlide, pickedSlides, slideAction } from '../../src/client/present/slide-nav';

describe('presentation keys', () => {
  it('maps the usual presentation keys', () => {
    expect(['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].map((k) => slideAction(k))).toEqual(
      Array(5).fill('next'),
    );
    expect(['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].map((k) => slideAction(k))).toEqual(
      Array(4).fill('prev'),
    );
    expect(slideAction(' ', true)).toBe('prev');
    expect([slideAction('Home'), slideAction('End'), slideAction('Escape'), slideAction('n')]).toEqual([
      'first',
      'last',
      'exit',
      'notes',
    ]);
    expect(slideAction('a')).toBeNull();
  });

  it('moves within the deck without wrapping', () => {
    expect(moveSlide(0, 5, 'next')).toBe(1);
    expect(moveSlide(4, 5, 'next')).toBe(4);
    expect(moveSlide(0, 5, 'prev')).toBe(0);
    expect(moveSlide(2, 5, 'first')).toBe(0);
    expect(moveSlide(2, 5, 'last')).toBe(4);
    expect(moveSlide(0, 0, 'last')).toBe(0);
  });

  it('presents the picked slides in report order, or the key slides by default', () => {
    const s = [
      { id: 'a', keySlide: true },
      { id: 'b', keySlide: false },
      { id: 'c', keySlide: true },
    ];
    expect(pickedSlides(s, null).map((x) => x.id)).toEqual(['a', 'c']);
    expect(pickedSlides(s, ['c', 'b']).map((x) => x.id)).toEqual(['b', 'c']);
    expect(pickedSlides(s, [])).toEqual([]);
  });
});
