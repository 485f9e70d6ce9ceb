package dev.eventpipeline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines masked exactly: the value and nothing else, whatever form it hides in. Each row is a case
 * that leaked or over-masked before (issue 14), written with our own values.
 */
class EvasionAndPrecisionTest {
  private final LineMasker masker = new LineMasker(MaskEngine.withDefaults());

  private String mask(String line) {
    return masker.mask(line, new MaskCounts());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    // the credential, never the rest of the line
    "Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTkxIn0.c2ln-bmF0dXJl status=200 trace=af01|Authorization: Bearer [JWT] status=200 trace=af01",
    "Authorization: Basic Ym9iOnRvcC1zZWNyZXQ= status=403 ref=x9|Authorization: Basic [AUTHORIZATION] status=403 ref=x9",
    "authorization: bearer qwertyuiopasdfgh1234 path=/v1|authorization: bearer [AUTHORIZATION] path=/v1",
    "AUTHORIZATION: BEARER Zx8-Yw7_Vu6.Ts5~Rq4 ok|AUTHORIZATION: BEARER [AUTHORIZATION] ok",
    "Authorization: opaqueValue42 user=7|Authorization: [AUTHORIZATION] user=7",
    "Cookie: sess=9f8e7d; lang=de ua=curl|Cookie: sess=[SECRET]; lang=[SECRET] ua=curl",
    "Set-Cookie: id=a1b2c3; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly|Set-Cookie: id=[SECRET]; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly",
    // evasions: Unicode forms, separators, encodings
    "card ５５００ ００００ ００００ ０００４ ok|card [CREDIT_CARD:****0004] ok",
    "mail ｍａｒｉｅ＠ｅｘａｍｐｌｅ．ｏｒｇ ok|mail [EMAIL] ok",
    "card 5500\u00A00000\u00A00000\u00A00004 ok|card [CREDIT_CARD:****0004] ok",
    "card 5500\u202F0000\u202F0000\u202F0004 ok|card [CREDIT_CARD:****0004] ok",
    "card 5500\t0000\t0000\t0004 ok|card [CREDIT_CARD:****0004] ok",
    "card 5500.0000.0000.0004 ok|card [CREDIT_CARD:****0004] ok",
    "card 5500_0000_0000_0004 ok|card [CREDIT_CARD:****0004] ok",
    "card 5500/0000/0000/0004 ok|card [CREDIT_CARD:****0004] ok",
    "card 55\u200B00000000000004 ok|card [CREDIT_CARD:****0004] ok",
    "from zoë.müller@beispiel.de ok|from [EMAIL] ok",
    "from пётр@почта.рф ok|from [EMAIL] ok",
    "from 田中@例え.jp ok|from [EMAIL] ok",
    "GET /s?u=marie%40example.org&p=2|GET /s?u=[EMAIL]&p=2",
    "GET /s?tel=%2B33142685300&p=2|GET /s?tel=[PHONE]&p=2",
    "msg marie\\u0040example.org ok|msg [EMAIL] ok",
    // values that start with punctuation, key spellings
    "password=%Qz81!vv user=1|password=[PASSWORD] user=1",
    "pwd=#h4sh&x=1|pwd=[PASSWORD]&x=1",
    // a ',', ';' or '&' ends a value only where the next field starts
    "login user=bob passwd=Tr0ub4dor&3 next=1|login user=bob passwd=[PASSWORD] next=1",
    "password=p;ss,w&rd status=ok|password=[PASSWORD] status=ok",
    "GET /cb?code=abc&password=hunter2&next=/home HTTP/1.1|GET /cb?code=abc&password=[PASSWORD]&next=/home HTTP/1.1",
    "password=hunter2,user=bob|password=[PASSWORD],user=bob",
    "password=hunter2, user=bob|password=[PASSWORD], user=bob",
    "secret=s3cr3t;Path=/|secret=[SECRET];Path=/",
    "token=abc123&amp;next=1|token=[SECRET]&amp;next=1",
    "password=hunter2;status: ok|password=[PASSWORD];status: ok",
    // XML elements named by a sensitive key
    "<password>hunter2</password> <user>bob</user>|<password>[PASSWORD]</password> <user>bob</user>",
    "<wsse:Password Type=\"PasswordText\">s3cr3t</wsse:Password>|<wsse:Password Type=\"PasswordText\">[PASSWORD]</wsse:Password>",
    "<Authorization>Bearer abcdef0123456789xyz</Authorization>|<Authorization>Bearer [AUTHORIZATION]</Authorization>",
    "<apiKey> k-123 </apiKey>|<apiKey> [SECRET] </apiKey>",
    "password_confirmation=Tr0ub4dor passwordConfirm=Tr0ub4dor|password_confirmation=[PASSWORD] passwordConfirm=[PASSWORD]",
    "cvv=918 pin=4402 otp=771203|cvv=[SECRET] pin=[SECRET] otp=[SECRET]",
    "X-API-Key: k_92jf83 client_secret=cs.82hf|X-API-Key: [SECRET] client_secret=[SECRET]",
    // numbers and addresses
    "sms to +447700900123 sent|sms to [PHONE] sent",
    "peer [2001:db8::7]:443 and fe80::1%eth0 up|peer [[IPV6]]:443 and [IPV6] up",
    "conn 192.0.2.44:5432 ok|conn [IPV4]:5432 ok",
    "ip 1.2.3.4 with version 1.2.3.4 from host: 10.0.0.1|ip [IPV4] with version 1.2.3.4 from host: [IPV4]",
    "call (020) 7946 0958 or (0176) 8868-3122 or (030) 12345678.|call [PHONE] or [PHONE] or [PHONE].",
  })
  void masksExactlyTheValue(String line, String expected) {
    assertThat(mask(line)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "{\"marie@example.org\": {\"visits\": 3}}|{\"[EMAIL]\": {\"visits\": 3}}",
    "{ \"card\" : 5500000000000004 , \"n\": 1 }|{ \"card\" : \"[CREDIT_CARD:****0004]\" , \"n\": 1 }",
    "{\"to\": \"marie\\u0040example.org\", \"subject\": \"caf\\u00e9\"}|{\"to\": \"[EMAIL]\", \"subject\": \"caf\\u00e9\"}",
    "{\"apiKey\": \"k-31\", \"access_token\": \"t.41\", \"max_tokens\": 512}|{\"apiKey\": \"[SECRET]\", \"access_token\": \"[SECRET]\", \"max_tokens\": 512}",
    "{\"Authorization\": \"Bearer opaqueTok3nValue\"}|{\"Authorization\": \"Bearer [AUTHORIZATION]\"}",
    // a sensitive key inside another names its own type
    "{\"credentials\": {\"password\": \"p4ss\", \"user\": \"bob\", \"expires\": 3600}}|{\"credentials\": {\"password\": \"[PASSWORD]\", \"user\": \"[SECRET]\", \"expires\": 3600}}",
  })
  void masksJsonInPlace(String line, String expected) {
    assertThat(mask(line)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"level\": \"info\",  \"msg\": \"café ☕ 日本語\", \"ms\": 12.50, \"ok\": true}",
    "Bearer token required for /v1/orders",
    "basic auth disabled; bearer authentication_failed",
    "token_count=12 max_tokens=512 secretName=prod/db password_policy=strict passwd_changed_at=2026-01-02",
    "release 1.2.3.4.5 build 20261206.1 at 12:34:56 uuid 123e4567-e89b-12d3-a456-426614174000",
    "std::vector<int> and @Override and user@localhost",
    "password=${DB_PASSWORD} token=$API_TOKEN secret=%(secret)s key=[REDACTED] pwd=****",
    "order 4111111111111112 failed Luhn",
    "request 2385583f-0779-4701-9871-a770efd9afd9 done",
    "voucher NL31 NWPH 0384 7315 71 archived; shipment 4058-8332-0122-0429-654 printed",
    "Mozilla/5.0 AppleWebKit/537.36 Chrome/124.0.0.0 Safari/537.36 fetched /img/logo@2x.png",
    "{\"secret_arn\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf\"}",
    "[2024-04-24T12:31:45.382Z] \"GET /v1 HTTP/2\" 429 - 3849 3617 462 661 \"-\"",
    "failed to refresh access token: HTTP 401; config password= source=ssm; api_key=[REDACTED]",
    "agent version 1.2.3.4 started; Build: 10.0.0.1 firmware=2.1.0.7 release 4.3.2.1",
    "f(01) 2345 and (0) 12 34 and (2024) 1234 5678 9 and ratio (012) 34",
    "<password/> <token></token> <secret>[REDACTED]</secret> <passwordPolicy>strict</passwordPolicy> </password> a</token>",
  })
  void leavesLinesWithNothingSensitiveByteForByte(String line) {
    assertThat(mask(line)).isSameAs(line);
  }
}
