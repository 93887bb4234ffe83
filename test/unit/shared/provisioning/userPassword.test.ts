import { newUserPassword, USER_PASSWORD_LENGTH } from '../../../../shared/provisioning/userPassword';

describe('newUserPassword', () => {
  it('is 24 characters with a lower-case letter, an upper-case letter, a digit and a symbol, and new every time', () => {
    // Act
    const passwords = Array.from({ length: 200 }, () => newUserPassword());

    // Assess
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const password of passwords) {
      expect(password).toHaveLength(USER_PASSWORD_LENGTH);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[!#%+\-=@^_~]/);
      expect(password).toMatch(/^[A-Za-z0-9!#%+\-=@^_~]+$/);
    }
  });

  it('keeps every character class even when the random source always answers 0', () => {
    // Act
    const password = newUserPassword(() => 0);

    // Assess
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).toMatch(/[!#%+\-=@^_~]/);
  });
});
