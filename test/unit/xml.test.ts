/** XML output: text and attribute values come back from a real parser (xmllint) exactly as given. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeAttribute, escapeText, renderXml, xml } from '../../lambda/domain/xml';
import { xmllintSkipReason, xpath } from '../support/xmllint';

test('markup characters are escaped; attributes keep their tabs and newlines', () => {
  assert.equal(escapeText('a < b && c > "d" \'e\'\n\tf'), 'a &lt; b &amp;&amp; c &gt; "d" \'e\'\n\tf');
  assert.equal(escapeAttribute('Room "A" & <B>\n\t\'C\''), 'Room &quot;A&quot; &amp; &lt;B&gt;&#10;&#9;\'C\'');
  // Characters XML 1.0 cannot carry at all, not even as references, become U+FFFD.
  assert.equal(escapeText('nul\u0000 vt\u000b bom\ufffe \ud800 ok 😀'), 'nul\ufffd vt\ufffd bom\ufffd \ufffd ok 😀');
  assert.equal(escapeText('a\r\nb'), 'a&#13;\nb');
});

test('a tree renders indented, text inline, empty elements closed, undefined attributes and children left out', () => {
  const doc = xml('schedule', { version: 3 }, [
    xml('title', {}, ['A & B']),
    xml('abstract', {}, ['']),
    undefined,
    xml('persons', {}, [xml('person', { guid: 'g-1', id: undefined }, ['함기호'])]),
  ]);
  assert.equal(
    renderXml(doc),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<schedule version="3">\n' +
      '  <title>A &amp; B</title>\n' +
      '  <abstract/>\n' +
      '  <persons>\n' +
      '    <person guid="g-1">함기호</person>\n' +
      '  </persons>\n' +
      '</schedule>\n',
  );
});

test('any string survives a round trip through xmllint, as text and as an attribute', { skip: xmllintSkipReason() }, () => {
  const unrepresentable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;
  const char = fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '\t', '\n', '\r', ' ', '\u0000', '\u001f', '\ufffe', '\ud800', ']]>'), fc.string({ unit: 'binary', maxLength: 3 }));
  const samples = fc.sample(fc.array(char, { maxLength: 12 }).map((parts) => parts.join('')), { numRuns: 40, seed: 15 });
  const doc = renderXml(xml('r', {}, samples.map((value) => xml('t', { a: value }, [value]))));
  samples.forEach((value, i) => {
    const expected = value.replace(unrepresentable, '\ufffd');
    assert.equal(xpath(doc, `string(/r/t[${i + 1}])`), expected, `text ${JSON.stringify(value)}`);
    assert.equal(xpath(doc, `string(/r/t[${i + 1}]/@a)`), expected, `attribute ${JSON.stringify(value)}`);
  });
});
