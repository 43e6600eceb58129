import { cleanup, render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOME_OPTIONS, homeReducer } from '../../src/ui/home/home-menu-state.js';
import { HomeMenu } from '../../src/ui/home/home-menu.js';
import { runHome } from '../../src/ui/run-home.js';
import { fakeTerminalContext, stripAnsi } from './helpers/fake-terminal.js';
import { press } from './helpers/drive.js';
import { KEY } from './helpers/keys.js';
import { waitFor, waitForText } from './helpers/wait-for.js';

afterEach(() => cleanup());

describe('home menu reducer', () => {
  it('offers new, deploy, list, doctor, edit, help and quit', () => {
    expect(HOME_OPTIONS.map((o) => o.argv)).toEqual([['new'], ['deploy'], ['list'], ['doctor'], ['edit'], ['--help'], undefined]);
  });

  it('moves with wrap-around and opens the highlighted option', () => {
    expect(homeReducer({ selected: 0 }, press('up')).selected).toBe(6);
    const chosen = homeReducer(homeReducer({ selected: 0 }, press('down')), press('enter')).chosen;
    expect(chosen !== 'quit' && chosen?.argv).toEqual(['deploy']);
  });

  it('opens by digit and quits by q, Esc, Ctrl-C or the Quit entry', () => {
    const byDigit = homeReducer({ selected: 0 }, press({ text: '3' })).chosen;
    expect(byDigit !== 'quit' && byDigit?.argv).toEqual(['list']);
    for (const k of [{ text: 'q' }, 'escape', 'quit', { text: '7' }] as const) expect(homeReducer({ selected: 0 }, press(k)).chosen).toBe('quit');
  });
});

describe('home menu on screen', () => {
  it('draws the options and reports the chosen command', async () => {
    const onDone = vi.fn();
    const app = render(createElement(HomeMenu, { onDone }));
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitForText(frame, '› New pipeline');
    app.stdin.write(KEY.down);
    await waitForText(frame, '› Deploy');
    app.stdin.write(KEY.enter);
    await waitFor(() => onDone.mock.calls.length > 0, 'a choice');
    expect(onDone).toHaveBeenCalledWith(['deploy']);
    expect(frame()).toContain('loyalty-wizard › Deploy');
  });

  it('runHome resolves the argv after unmounting, and undefined on quit', async () => {
    const term = fakeTerminalContext('/tmp', {});
    const chosen = runHome(term.ctx);
    await waitForText(() => term.output.screen(), 'Doctor');
    term.input.type('4');
    expect(await chosen).toEqual(['doctor']);
    expect(term.input.isRaw).toBe(false);

    const quit = fakeTerminalContext('/tmp', {});
    const none = runHome(quit.ctx);
    await waitForText(() => quit.output.screen(), 'Quit');
    quit.input.type(KEY.ctrlC);
    expect(await none).toBeUndefined();
  });
});

describe('Ink sessions and CI', () => {
  it('refuse to start when CI is set (Ink would draw nothing), naming the variable', async () => {
    const term = fakeTerminalContext('/tmp', { CI: '' });
    await expect(runHome(term.ctx)).rejects.toThrow(/CI is set/);
    expect(term.output.writes).toEqual([]);
  });
});
