// The trigger's runtime texts outside its node function (the subscription, the poller, warnings):
// its catalogue's sections through the RED._ its module handed over (useRuntimeMessages(RED,
// 'entra-trigger')), with the English of trigger-messages.ts as fallback.
import { nodeTexts } from '../../lib/i18n';
import { TRIGGER_TEXTS } from './trigger-messages';

export const triggerError = nodeTexts('entra-trigger', 'errors', TRIGGER_TEXTS.errors);
export const warning = nodeTexts('entra-trigger', 'warnings', TRIGGER_TEXTS.warnings);
/** The node's log lines (node.log). */
export const logLine = nodeTexts('entra-trigger', 'log', TRIGGER_TEXTS.log);
