"""CPython's asyncio.StreamReader as the oracle of StreamReaderDifferentialTest.

Reads operation scripts from stdin, one a line, replays each on a fresh asyncio.StreamReader and
prints one result line for each, in order.  `streamreader_oracle.py --capabilities` prints
`python X.Y.Z tuples=0|1` (readuntil() takes a tuple of separators from 3.13 on).

A script: `L<limit>` then tokens separated by spaces:
  F<hex>   feed_data(bytes)            E   feed_eof()
  X        set_exception(ConnectionResetError('reset'))
  S        await asyncio.sleep(0): one step of the loop
  R<read>  start a task running one read: r<n> read(n), x<n> readexactly(n), l readline(),
           u<hex>[,<hex>...] readuntil(separator), a tuple of separators when more than one;
           unless the task of the last read started is not done yet: then the read is `skipped`.
           (Two reads at once are a misuse that asyncio reports only when the first one waits, and
           leaves a read waiting forever when the first one was woken but had not run yet.)
A result line: one `r<i>=<outcome>` per read in start order, then `buf=<buffered bytes> eof=<at_eof 0|1>`.
Outcomes: skipped, ok:<hex>, Incomplete:<partial hex>:<expected|None>, LimitOverrun:<consumed>,
LineTooLong (readline's ValueError), Reset (the set exception), Busy (another read is waiting:
RuntimeError), BadArg (ValueError), pending (still waiting when the script ends; then cancelled),
Unexpected:<type>.
"""
import asyncio
import sys


def start(reader, token):
    kind, arg = token[1], token[2:]
    if kind == 'r':
        return reader.read(int(arg))
    if kind == 'x':
        return reader.readexactly(int(arg))
    if kind == 'l':
        return reader.readline()
    if kind == 'u':
        seps = [bytes.fromhex(h) for h in arg.split(',')]
        return reader.readuntil(seps[0] if len(seps) == 1 else tuple(seps))
    raise SystemExit(f'streamreader_oracle.py: unknown read {token!r}')


def outcome(token, task):
    if task is None:
        return 'skipped'
    if not task.done():
        return 'pending'
    exc = task.exception()
    if exc is None:
        return 'ok:' + task.result().hex()
    if isinstance(exc, asyncio.IncompleteReadError):
        return f'Incomplete:{exc.partial.hex()}:{exc.expected}'
    if isinstance(exc, asyncio.LimitOverrunError):
        return f'LimitOverrun:{exc.consumed}'
    if isinstance(exc, ConnectionResetError):
        return 'Reset'
    if isinstance(exc, RuntimeError):
        return 'Busy'
    if isinstance(exc, ValueError):
        return 'LineTooLong' if token[1] == 'l' else 'BadArg'
    return f'Unexpected:{type(exc).__name__}:{exc}'


async def replay(script):
    tokens = script.split()
    reader = asyncio.StreamReader(limit=int(tokens[0][1:]))
    reads = []
    last = None  # the task of the last read started
    for t in tokens[1:]:
        if t[0] == 'F':
            reader.feed_data(bytes.fromhex(t[1:]))
        elif t == 'E':
            reader.feed_eof()
        elif t == 'X':
            reader.set_exception(ConnectionResetError('reset'))
        elif t == 'S':
            await asyncio.sleep(0)
        elif t[0] == 'R':
            if last is not None and not last.done():
                reads.append((t, None))
            else:
                last = asyncio.ensure_future(start(reader, t))
                reads.append((t, last))
        else:
            raise SystemExit(f'streamreader_oracle.py: unknown operation {t!r}')
    results = [f'r{i}={outcome(t, task)}' for i, (t, task) in enumerate(reads)]
    tasks = [task for _, task in reads if task is not None]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    results.append(f'buf={len(reader._buffer)} eof={int(reader.at_eof())}')
    return ' '.join(results)


async def main():
    out = []
    for line in sys.stdin:
        line = line.strip()
        if line:
            out.append(await replay(line))
    sys.stdout.write(''.join(o + '\n' for o in out))


if __name__ == '__main__':
    if sys.argv[1:] == ['--capabilities']:
        v = sys.version_info
        print(f'python {v.major}.{v.minor}.{v.micro} tuples={int(v >= (3, 13))}')
    else:
        asyncio.run(main())
