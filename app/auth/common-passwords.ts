// The most common passwords of eight characters or more in public breach
// lists (and their obvious French, Dutch and cooperative variants): refused
// for new passwords.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111", "00000000",
  "99999999", "88888888", "66666666", "55555555", "12341234", "87654321", "11223344",
  "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwertyuiop",
  "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "q1w2e3r4",
  "azertyuiop", "azerty123", "azerty12", "a1z2e3r4", "abcd1234", "abc12345", "abcdefgh",
  "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "welcome1",
  "welcome123", "trustno1", "superman", "starwars", "whatever", "computer", "internet",
  "michelle", "jennifer", "charlie1", "maverick", "letmein1", "liverpool", "chelsea1",
  "dragon12", "monkey12", "master12", "shadow12", "killer12", "jordan23", "michael1",
  "football1", "baseball1", "changeme", "changeme1", "motdepasse", "motdepasse1",
  "wachtwoord", "wachtwoord1", "soleil123", "bonjour1", "bonjour123", "doudou123",
  "chouchou", "loulou123", "marseille", "bruxelles", "brussels", "belgique", "belgie123",
  "antwerpen", "maillage", "maillage1", "cooperative", "smart123", "admin123", "admin1234",
  "administrator", "adminadmin", "rootroot", "test1234", "testtest", "passpass", "access14",
  "123qweasd", "qweasdzxc", "asdfghjk", "asdfasdf", "zxcvbnm1", "1234qwer", "qwer1234",
  "aa123456", "a1234567", "a12345678", "password!", "password12", "pa55word", "11111111a",
]);
