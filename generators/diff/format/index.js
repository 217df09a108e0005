import { formatGithubActions } from "./github-actions.js";
import { formatHtml } from "./html.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";
import { formatText } from "./text.js";
export const FORMATS = ['text', 'json', 'markdown', 'html', 'junit', 'github-actions'];
export function formatReport(report, format, options = {}) {
    switch (format) {
        case 'text':
            return formatText(report, options);
        case 'json':
            return formatJson(report);
        case 'markdown':
            return formatMarkdown(report);
        case 'html':
            return formatHtml(report);
        case 'junit':
            return formatJunit(report);
        case 'github-actions':
            return formatGithubActions(report);
    }
}
export function isFormat(s) {
    return FORMATS.includes(s);
}
//# sourceMappingURL=index.js.map