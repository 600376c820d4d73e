/**
 * Fixed-width cells for pre-built lines. Everything spf-top prints is one terminal column
 * per UTF-16 unit (ASCII, box and block characters, `µ`), so `length` is the width; colour
 * is applied after fitting, so it never changes a width.
 */

/** `text` cut or padded with spaces to exactly `width` columns. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

/** `text` right-aligned in exactly `width` columns (cut from the left when too long). */
export function fitEnd(text: string, width: number): string {
	if (width <= 0) return '';
	return text.length > width ? text.slice(text.length - width) : text.padStart(width);
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
