import {clip, fit} from '../text/fit.ts';
import {paint} from '../text/paint.ts';

/**
 * A pane's title line: `▶ NAME  info` across the pane, in inverse when focused (the `▶`
 * says the same without colour); `  NAME  info` otherwise.
 */
export function paneTitle(name: string, info: string, width: number, focused: boolean): string {
	const text = clip(`${focused ? '▶' : ' '} ${name}${info ? `  ${info}` : ''}`, width);
	if (focused) return paint.title(fit(text, width));
	return paint.bold(text.slice(0, name.length + 2)) + paint.dim(text.slice(name.length + 2));
}
