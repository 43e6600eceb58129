/** The few questions commands ask outside the wizard (deploy's pipeline, env, profile, approvals), as line prompts. */
import type { PlainTerminal } from './line-reader.js';
import { askChoice, askText, askYesNo, createPrompter, say, type Back, type Prompter } from './line-ask.js';

export interface PromptChoice<T extends string> {
  readonly name: string;
  readonly value: T;
  /** Shown as the answer once chosen (inquirer), instead of the whole row. */
  readonly short?: string;
}

/** What a command may ask; the CLI gives it line prompts or inquirer's, by terminal (src/session/command-prompts.ts). */
export interface CommandPrompts {
  /** One of `choices`; `notes` are printed under them (e.g. how to add a missing profile). */
  select<T extends string>(message: string, choices: readonly PromptChoice<T>[], notes?: readonly string[]): Promise<T>;
  /** A line of text; `validate` returns true to accept it or the problem to show before asking again. */
  input(message: string, validate?: (typed: string) => true | string): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

export function linePrompts(terminal: PlainTerminal): CommandPrompts {
  // A reader per question: between questions the terminal is the task list's, and stdin is released.
  const once = async <T>(ask: (p: Prompter) => Promise<T | Back>): Promise<T> => {
    const p = createPrompter(terminal);
    try {
      return (await ask(p)) as T;
    } finally {
      p.reader.close();
    }
  };
  return {
    select: (message, choices, notes = []) =>
      once((p) => {
        say(p, message);
        for (const note of notes) say(p, note, 2);
        return askChoice(p, { label: 'Choose', options: choices.map((c) => ({ value: c.value, label: c.name })), defaultIndex: 0, back: false });
      }),
    input: (message, validate) =>
      once((p) =>
        askText(p, {
          label: message,
          defaultText: '',
          parse: (text) => {
            const verdict = validate ? validate(text) : true;
            return verdict === true ? { value: text } : { problem: verdict };
          },
          back: false,
        }),
      ),
    confirm: (message, defaultValue) => once((p) => askYesNo(p, message, defaultValue, { back: false })),
  };
}
