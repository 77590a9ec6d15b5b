import { classifyInbound } from './keyword-classifier.util';

describe('classifyInbound', () => {
  it.each(['STOP ', 'Stop.', 'stop', '  stop!! ', 'StopAll', 'unsubscribe', 'Cancel', 'END', 'quit?'])('opts out on %j', (text) => {
    expect(classifyInbound(text).kind).toBe('opt_out');
  });
  it.each(['START', 'unstop', 'Start.'])('opts in on %j', (text) => expect(classifyInbound(text).kind).toBe('opt_in'));
  it.each(['HELP', 'info?'])('answers help on %j', (text) => expect(classifyInbound(text).kind).toBe('help'));
  it.each(['please stop texting me', 'Stop messaging me', "don't text me again", 'Unsubscribe me please', 'remove me from your list'])('flags %j as a stop request', (text) => {
    expect(classifyInbound(text).kind).toBe('stop_request');
  });
  it.each(['can your tech stop by tomorrow?', 'stop by at 3', 'my sink will not stop leaking', 'the end of the pipe', 'yes please'])('treats %j as an ordinary reply', (text) => {
    expect(classifyInbound(text).kind).toBe('message');
  });
});
