/** The CLI's commands. Adding one is writing its module under commands/ and listing it here. */
import type { Command } from './command.js';
import { auditCommand } from './commands/audit.js';
import { explainCommand } from './commands/explain.js';
import { guardrailCommand } from './commands/guardrail.js';
import { renderCommand } from './commands/render.js';
import { validateCommand } from './commands/validate.js';

export const COMMANDS: readonly Command[] = Object.freeze([renderCommand, auditCommand, validateCommand, explainCommand, guardrailCommand]);
