/**
 * A small scanner for kramdown-rfc and mmark draft sources: finds fenced code blocks, mmark code
 * includes (`<{{file}}`) and headings (with computed section numbers), skipping YAML/TOML front
 * matter and HTML comments.
 *
 * kramdown-rfc headings carry no numbers in the source, so numbers are computed the way xml2rfc
 * will: `#`-headings of the middle matter are numbered 1, 2, … (nested `##` → 5.3), headings
 * followed by `{:numbered="false"}` are unnumbered, and top-level headings of the back matter
 * (`--- back`, mmark `{backmatter}`) are appendices A, B, …
 */
const FENCE_OPEN = /^( {0,3})(~{3,}|`{3,})[ \t]*([^\s`{]*)?(.*)$/;
const INCLUDE = /^ {0,3}<\{\{([^}\s]+)\}\}(\[[^\]]*\])?[ \t]*$/;
/** Formats a section for a provenance comment: `5.3. Credentials`, `A. Examples`, `Acknowledgments`. */
export function formatSection(section) {
    if (!section)
        return '(front matter)';
    return section.number ? `${section.number}. ${section.title}` : section.title;
}
export function cleanHeadingTitle(raw) {
    return withoutTrailingAttribute(withoutTrailingAttribute(withoutTrailingAttribute(raw, '{#'), '{:'), '{#').trim();
}
/**
 * `text` without a trailing kramdown attribute such as `{#anchor}` or `{: numbered="false"}` (the
 * blanks before it go too). The same as `text.replace(/\s*\{#[^}]*\}\s*$/, '')`, written out because
 * that pattern rescans the rest of the line from every `{#` of a hostile heading.
 */
function withoutTrailingAttribute(text, opener) {
    const t = text.trimEnd();
    if (!t.endsWith('}'))
        return text;
    // The attribute opens at the first `opener` after the previous `}`.
    const open = t.indexOf(opener, t.lastIndexOf('}', t.length - 2) + 1);
    if (open < 0 || open + opener.length > t.length - 1)
        return text;
    return t.slice(0, open).trimEnd();
}
/**
 * An ATX heading: its level and title, or null. The same as
 * `/^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/` (closing `#`s and blanks dropped), written out because
 * that pattern takes cubic time on a heading with a long run of blanks.
 */
export function atxHeading(line) {
    let level = 0;
    while (line[level] === '#')
        level++;
    const blank = (c) => c === ' ' || c === '\t';
    if (level < 1 || level > 6 || !blank(line[level]))
        return null;
    let start = level;
    while (blank(line[start]))
        start++;
    let end = line.length;
    while (end > start && blank(line[end - 1]))
        end--;
    while (end > start && line[end - 1] === '#')
        end--;
    while (end > start && blank(line[end - 1]))
        end--;
    const title = line.slice(start, end);
    // `.` matches no line terminator, so a title holding one is no heading.
    return /[\n\r\u2028\u2029]/.test(title) ? null : { level, title };
}
function appendixLetter(n) {
    // 1 → A … 26 → Z, 27 → AA (never reached in practice).
    let s = '';
    let k = n;
    while (k > 0) {
        const r = (k - 1) % 26;
        s = String.fromCharCode(65 + r) + s;
        k = Math.floor((k - 1) / 26);
    }
    return s;
}
export function scanMarkdown(markdown) {
    const lines = markdown.split(/\r?\n/);
    const fences = [];
    const sections = [];
    const includes = [];
    let i = 0;
    // Front matter: YAML (`---` … `---`) or TOML (`%%%` … `%%%`).
    if (lines[0] === '---' || lines[0] === '%%%') {
        const end = lines[0];
        i = 1;
        // kramdown-rfc ends the YAML with the first part marker (`--- abstract`) or a bare `---`.
        while (i < lines.length && lines[i] !== end && !(end === '---' && /^--- \w/.test(lines[i] ?? '')))
            i++;
        if (lines[i] === end)
            i++;
    }
    let part = 'middle';
    // If the file has kramdown-rfc part markers, headings before `--- middle` are front matter.
    if (lines.some((l) => /^--- (abstract|note_|middle)/.test(l)))
        part = 'front';
    const counters = [];
    let appendixCount = 0;
    let currentSection = null;
    let inComment = false;
    for (; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (inComment) {
            if (line.includes('-->'))
                inComment = false;
            continue;
        }
        if (line.trimStart().startsWith('<!--')) {
            const rest = line.slice(line.indexOf('<!--') + 4);
            if (!rest.includes('-->'))
                inComment = true;
            continue;
        }
        const marker = /^--- (\w+)/.exec(line);
        if (marker) {
            const m = marker[1] ?? '';
            if (m === 'middle')
                part = 'middle';
            else if (m === 'back') {
                part = 'back';
                counters.length = 0;
            }
            else
                part = 'front';
            continue;
        }
        if (line.trim() === '{mainmatter}') {
            part = 'middle';
            continue;
        }
        if (line.trim() === '{backmatter}') {
            part = 'back';
            counters.length = 0;
            continue;
        }
        const fm = FENCE_OPEN.exec(line);
        if (fm) {
            const indent = fm[1] ?? '';
            const ticks = fm[2] ?? '~~~';
            const info = (fm[3] ?? '').toLowerCase();
            const char = ticks[0];
            const start = i;
            const body = [];
            let j = i + 1;
            for (; j < lines.length; j++) {
                const l = lines[j] ?? '';
                const close = /^( {0,3})(~{3,}|`{3,})[ \t]*$/.exec(l);
                if (close && close[2]?.[0] === char && (close[2]?.length ?? 0) >= ticks.length)
                    break;
                // Strip the opening fence's indentation from content lines, as CommonMark does.
                body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l);
            }
            fences.push({
                openLine: start + 1,
                closeLine: Math.min(j, lines.length - 1) + 1,
                info,
                lines: body,
                section: currentSection,
            });
            i = j;
            continue;
        }
        const inc = INCLUDE.exec(line);
        if (inc) {
            includes.push({ line: i + 1, path: inc[1] ?? '', address: inc[2] ?? '', section: currentSection });
            continue;
        }
        const h = atxHeading(line);
        if (h && part !== 'front') {
            const level = h.level;
            const title = cleanHeadingTitle(h.title);
            const next = lines[i + 1] ?? '';
            const unnumbered = /numbered\s*=\s*["']?false/.test(next) || /numbered\s*=\s*["']?false/.test(line) || /^\.\s/.test(title);
            let number = '';
            if (!unnumbered) {
                if (level === 1 && part === 'back') {
                    appendixCount++;
                    counters.length = 0;
                    counters[0] = appendixCount;
                }
                else {
                    while (counters.length < level)
                        counters.push(0);
                    counters.length = level;
                    counters[level - 1] = (counters[level - 1] ?? 0) + 1;
                }
                const parts = counters.slice(0, level).map((n, k) => (k === 0 && part === 'back' ? appendixLetter(n) : String(n)));
                number = parts.join('.');
            }
            currentSection = { line: i + 1, level, number, title };
            sections.push(currentSection);
        }
    }
    return { lines, fences, sections, includes };
}
//# sourceMappingURL=markdown.js.map