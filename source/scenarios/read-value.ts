/** Reading one scalar value by its shape in the field table (table.ts). */
import type {Field} from './field.ts';
import type {Scalar, ValueOf} from './shape.ts';
import {parseDuration, parseSize} from './units.ts';

const pageSize = 4096;

/** The value of `field` if it has `shape`; otherwise the problem is reported and undefined returned. */
export function readValue<S extends Scalar>(field: Field, shape: S): ValueOf<S> | undefined {
	return read(field, shape) as ValueOf<S> | undefined;
}

function read(field: Field, shape: Scalar): unknown {
	switch (shape.type) {
		case 'text': return field.string();
		case 'boolean': return field.boolean();
		case 'integer': return field.number(shape.min, shape.max);
		case 'number': return field.number(shape.min, shape.max, false);
		case 'choice': return field.choice(shape.values);
		case 'size': return readSize(field, shape);
		case 'duration': return readDuration(field, shape);
	}
}

/** An absent key's default, as the reader would have read it from the file. */
export function defaultValue(shape: Scalar, written: string | number | boolean): unknown {
	if (typeof written !== 'string') return written;
	if (shape.type === 'size') return parseSize(written);
	return shape.type === 'duration' ? parseDuration(written) : written;
}

// Pages: mapping lengths and strides; the most one mapping may be bounds the pages a touch visits.
function readSize(field: Field, shape: Extract<Scalar, {type: 'size'}>): number | undefined {
	// An offset of 0 needs no unit.
	if (shape.zero && field.scalar === 0) return 0;
	const size = field.size();
	if (size === undefined || !shape.pages) return size;
	if (shape.zero && size === 0) return 0;
	if (size <= 0 || size % pageSize !== 0) return field.fail(`expected a ${shape.zero ? '' : 'positive '}multiple of the 4KiB page size, got ${field.shown}`);
	if (shape.max === undefined || size <= shape.max) return size;
	return field.fail(`${field.shown} is larger than ${shape.max / 2 ** 40}TiB, the most one mapping may be`);
}

function readDuration(field: Field, shape: Extract<Scalar, {type: 'duration'}>): number | undefined {
	const ns = field.duration();
	return ns === 0 && shape.positive ? field.fail('expected a duration above zero') : ns;
}
