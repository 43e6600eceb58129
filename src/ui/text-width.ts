/** Terminal text widths live in core (src/core/text-width.ts), where the plain-text output of the commands below the UI uses them too. */
export * from '../core/text-width.js';
