import { type Level } from './model.ts';
export interface DiffConfig {
    levels: Record<string, Level>;
    suppress: Array<{
        fingerprint: string;
        reason: string;
    }>;
}
export declare const EMPTY_CONFIG: DiffConfig;
/** A config file that cannot be used: the message names the file and what is wrong. */
export declare class ConfigError extends Error {
    constructor(file: string, message: string);
}
export declare function parseConfig(text: string, file: string): DiffConfig;
export declare function loadConfig(file: string): DiffConfig;
//# sourceMappingURL=config.d.ts.map