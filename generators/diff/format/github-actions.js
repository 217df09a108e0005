import { primaryLocation } from "./shared.js";
const COMMAND = { ERR: 'error', WARN: 'warning', INFO: 'notice' };
export function formatGithubActions(report) {
    return report.findings.map(command).join('');
}
function command(f) {
    const props = [];
    const at = primaryLocation(f);
    if (at) {
        props.push(`file=${escapeProperty(at.file)}`, `line=${at.line}`);
        if (at.col !== undefined)
            props.push(`col=${at.col}`);
    }
    props.push(`title=${escapeProperty(f.suppressed ? `${f.rule} (suppressed ${f.level})` : f.rule)}`);
    const name = f.suppressed ? 'notice' : COMMAND[f.level];
    return `::${name} ${props.join(',')}::${escapeData(`${f.subject}: ${f.message}`)}\n`;
}
export function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
//# sourceMappingURL=github-actions.js.map