/**
 * Where a command's output goes: a function taking one piece of text (a
 * line), optionally with the stream behind it so large JSON can be written
 * in chunks with backpressure instead of as one string.
 */
export type Out = ((s: string) => void) & { stream?: NodeJS.WritableStream };

/** Standard output: each piece ends with a newline, as console.log did. */
export const stdoutOut: Out = Object.assign((s: string) => void process.stdout.write(s + '\n'), { stream: process.stdout as NodeJS.WritableStream });

/** Write a chunk, waiting for the stream to drain when its buffer is full. */
export function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> | void {
	if (stream.write(chunk)) return;
	return new Promise((resolve, reject) => {
		const done = () => {
			stream.off('error', fail);
			resolve();
		};
		const fail = (e: Error) => {
			stream.off('drain', done);
			reject(e);
		};
		stream.once('drain', done);
		stream.once('error', fail);
	});
}
