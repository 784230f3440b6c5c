// Texts for the hostile-page tests (tests/pages/hostile.html).
export const HOSTILE = {
  // another card number (a well-known test number that passes the Luhn check)
  otherCard: 'Use card 5555 5555 5555 4444 instead',
};
