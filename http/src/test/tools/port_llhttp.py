#!/usr/bin/env python3
"""Ports the request and response cases of the llhttp test corpus (MIT license, nodejs/llhttp
test/request/*.md and test/response/*.md) into this module's own case format.

Usage: port_llhttp.py LLHTTP_CHECKOUT > http/src/test/resources/org/jasyncio/http/codec/llhttp-cases.txt

Only facts are carried over: each case's input bytes (decoded with llhttp's escaping rules: a line
break is CRLF, \\r \\n \\t \\xHH escapes, a backslash at a line end joins lines) and what llhttp
reports for them (heads, fields, body bytes, message ends, an error, or a pause at an upgrade).
Where jasyncio deliberately differs, llhttp-differences.txt (written by hand) says so, with a reason.
"""
import json
import pathlib
import re
import sys


def decode_input(text):
    s = re.sub(r'\n\Z', '', text)
    s = re.sub(r'\\(\r\n|\r|\n)', '', s)
    s = re.sub(r'\r\n|\r|\n', '\r\n', s)
    s = s.replace('\\r', '\r').replace('\\n', '\n').replace('\\t', '\t').replace('\\f', '\f')
    s = re.sub(r'\\x([0-9a-fA-F]+)', lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r'\\([0-7]{1,3})', lambda m: chr(int(m.group(1), 8)), s)
    return s


def escape(s):
    out = []
    for ch in s:
        c = ord(ch)
        if ch == '\\':
            out.append('\\\\')
        elif ch == '\r':
            out.append('\\r')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif c > 0xff:
            out.extend('\\x%02x' % b for b in ch.encode('utf-8'))
        elif c < 0x20 or c >= 0x7f:
            out.append('\\x%02x' % c)
        else:
            out.append(ch)
    return ''.join(out)


SPAN = re.compile(r'^off=\d+ len=\d+ span\[(\w+)\]=(".*"|\w+)$')
WORDS = {'lf': '\n', 'cr': '\r', 'crlf': '\r\n'}


def span_value(v):
    if v in WORDS:
        return WORDS[v]
    # llhttp's test fixture prints span bytes raw between quotes; only \t and \f are escapes
    # (md-test.ts replaces them in the expected log).
    return v[1:-1].replace('\\t', '\t').replace('\\f', '\f')


def parse_log(log, kind):
    """llhttp's log -> list of verdict lines in our format."""
    lines = [l for l in log.split('\n') if l]
    out = []
    spans = {}
    cur_field = None
    in_trailers = False
    body = []
    proto = version = None

    def flush_field():
        nonlocal cur_field
        if cur_field is not None:
            name, value = cur_field
            out.append(('trailer: ' if in_trailers else 'field: ') + escape(name) + ': ' + escape(value.strip(' \t')))
            cur_field = None

    for l in lines:
        m = SPAN.match(l)
        if m:
            name, val = m.group(1), span_value(m.group(2))
            if name == 'header_field' and in_trailers and body:
                out.append('body: ' + escape(''.join(body)))
                body = []
            if name == 'header_field':
                if cur_field is not None and cur_field[1] is not None and spans.get('_last') == 'value':
                    flush_field()
                if cur_field is None:
                    cur_field = [val, None]
                else:
                    cur_field[0] += val
                spans['_last'] = 'field'
            elif name == 'header_value':
                cur_field[1] = (cur_field[1] or '') + val
                spans['_last'] = 'value'
            elif name == 'body':
                body.append(val)
            elif name in ('chunk_extension_name', 'chunk_extension_value'):
                pass
            else:
                spans[name] = spans.get(name, '') + val
            continue
        if ' headers complete ' in l:
            if cur_field is not None and cur_field[1] is None:
                cur_field[1] = ''
            flush_field_later = cur_field
            # fields must precede the head line in our format: insert head before collected fields
            if kind.startswith('request'):
                head = 'head: %s %s %s/%s' % (spans.get('method', ''), escape(spans.get('url', '')),
                                              spans.get('protocol', 'HTTP'), spans.get('version', ''))
            else:
                st = re.search(r'status=(\d+)', l).group(1)
                head = 'head: %s %s/%s' % (st, spans.get('protocol', 'HTTP'), spans.get('version', ''))
            if cur_field is not None:
                flush_field()
            # move fields of this message after the head line
            idx = len(out)
            while idx > 0 and out[idx - 1].startswith('field: '):
                idx -= 1
            out.insert(idx, head)
            spans = {}
            in_trailers = True
            continue
        if l.endswith('header_value complete') or l.endswith('header_field complete'):
            continue
        if l.endswith(' message complete'):
            if cur_field is not None:
                if cur_field[1] is None:
                    cur_field[1] = ''
                flush_field()
            if body:
                out.append('body: ' + escape(''.join(body)))
                body = []
            out.append('end')
            in_trailers = False
            continue
        m = re.search(r'finish=(\d)', l)
        if m:
            code = int(m.group(1))
            if code == 1:
                if body:
                    out.append('body: ' + escape(''.join(body)))
                    body = []
                out.append('end')
            if code == 2:
                out.append('error: connection closed mid-message')
            else:
                out.append('eof')
            break
        m = re.search(r'error code=(\d+) reason="(.*)"', l)
        if m:
            code = int(m.group(1))
            if code == 21:  # HPE_PAUSED: a pause requested by the test, resumed at once
                continue
            if body:
                out.append('body: ' + escape(''.join(body)))
                body = []
            if code == 22:
                out.append('stop: upgrade')
            elif code == 5:
                out.append('stop: closed')
            else:
                out.append('error: ' + m.group(2))
            break
    else:
        if body:
            out.append('body: ' + escape(''.join(body)))
        out.append('incomplete')
    return out


def main():
    root = pathlib.Path(sys.argv[1]) / 'test'
    print('# llhttp request and response cases, ported: see port_llhttp.py and llhttp-differences.txt.')
    print('# Facts from nodejs/llhttp (MIT License, Copyright Fedor Indutny, 2018), format ours.')
    for sub in ('request', 'response'):
        for md in sorted((root / sub).glob('*.md')):
            text = md.read_text()
            title = None
            lines = text.split('\n')
            i = 0
            while i < len(lines):
                l = lines[i]
                if l.startswith('#'):
                    title = l.lstrip('#').strip()
                m = re.match(r'<!-- meta=(\{.*\}) -->', l)
                if m:
                    meta = json.loads(m.group(1))
                    line_no = i + 1
                    j = i + 1
                    while not lines[j].startswith('```http'):
                        j += 1
                    j += 1
                    body = []
                    while not lines[j].startswith('```'):
                        body.append(lines[j])
                        j += 1
                    raw = '\n'.join(body) + '\n'
                    k = j + 1
                    while not lines[k].startswith('```log'):
                        k += 1
                    k += 1
                    log = []
                    while not lines[k].startswith('```'):
                        log.append(lines[k])
                        k += 1
                    kind = meta['type']
                    if meta.get('skipBody') and kind.startswith('request'):
                        i = k
                        continue
                    print()
                    print('=== %s/%s:%d %s' % (sub, md.name, line_no, title))
                    print('type: ' + kind)
                    if meta.get('skipBody'):
                        print('request-method: HEAD')
                    print('input: ' + escape(decode_input(raw)))
                    for v in parse_log('\n'.join(log), kind):
                        print(v)
                    i = k
                i += 1


main()
