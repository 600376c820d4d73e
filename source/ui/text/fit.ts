/**
 * Fixed-width cells for pre-built lines. Everything spf-top prints is one terminal column
 * per UTF-16 unit (ASCII, box and block characters, `µ`), so `length` is the width; colour
 * is applied after fitting, so it never changes a width.
 */

/** `text` padded with spaces to exactly `width` columns, or cut to it ending in `…`. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	return text.length > width ? clip(text, width) : text.padEnd(width);
}

/**
 * `text` right-aligned in exactly `width` columns. A cut is marked: `…` replaces the start,
 * so a cut is never read as a smaller number (columns are planned so numbers fit).
 */
export function fitEnd(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text.padStart(width);
	return width === 1 ? '…' : '…' + text.slice(text.length - width + 1);
}

/**
 * As many of `parts` as fit in `width`, joined by `gap`, in order; a part that does not fit
 * is left out whole (never cut), and so is every part after it.
 */
export function joinFitting(parts: readonly string[], width: number, gap = ' '): {readonly text: string; readonly left: number} {
	let text = '';
	for (let i = 0; i < parts.length; i++) {
		const next = text === '' ? parts[i]! : text + gap + parts[i]!;
		if (next.length > width) return {text, left: parts.length - i};
		text = next;
	}

	return {text, left: 0};
}

/** `text` cut to at most `width` columns, ending with `…` when it was cut. */
export function clip(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : text.slice(0, width - 1) + '…';
}

/** `text` centred in exactly `width` columns. */
export function centre(text: string, width: number): string {
	const cut = clip(text, width);
	const left = Math.floor((width - cut.length) / 2);
	return fit(' '.repeat(left) + cut, width);
}
