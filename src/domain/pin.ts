// The notebook's PIN (issue 16): 6 digits, and not one of those a stranger tries first. The PIN guards
// the phone in someone else's hand for 5 tries (docs/SECURITY.md); a PIN from the short list of the
// commonest (all one digit, a run up or down, a pair or triple repeated) falls in those 5 tries.

export const PIN_LENGTH = 6;

export type PinProblem = 'format' | 'too_simple';

const RUNS = '0123456789012345';

export function pinProblem(pin: string): PinProblem | null {
  if (!/^\d{6}$/.test(pin)) return 'format';
  const reversed = [...RUNS].reverse().join('');
  const simple =
    /^(\d)\1{5}$/.test(pin) || // 000000, 777777
    RUNS.includes(pin) || // 123456, 890123
    reversed.includes(pin) || // 654321
    /^(\d\d)\1\1$/.test(pin) || // 121212
    /^(\d\d\d)\1$/.test(pin) || // 123123
    /^(\d)\1(\d)\2(\d)\3$/.test(pin); // 112233
  return simple ? 'too_simple' : null;
}
