package dev.eventpipeline.settings;

/**
 * What a detector found. The declaration order is the priority when two findings overlap: the
 * union is masked as the earlier type (a private key beats the e-mail address inside its comment;
 * a JWT beats the Authorization header or cookie that carries it; what a value is beats what its
 * key says).
 */
public enum DetectorType {
  PRIVATE_KEY(true),
  JWT(true),
  AWS_SECRET_KEY(true),
  AWS_ACCESS_KEY_ID(true),
  /** A vendor API token recognized by its published prefix, length and charset (GitHub, Slack, Stripe, ...). */
  API_TOKEN(true),
  AUTHORIZATION(true),
  PASSWORD(true),
  /** The value of a sensitive key (token, api_key, client_secret, cookie, ...). */
  SECRET(true),
  EMAIL(false),
  CREDIT_CARD(false),
  IBAN(false),
  US_SSN(false),
  IPV6(false),
  IPV4(false),
  PHONE(false);

  private final boolean credential;

  DetectorType(boolean credential) {
    this.credential = credential;
  }

  /** Credentials are reported in SensitiveDataDetected and can never be left unmasked or partly shown. */
  public boolean credential() {
    return credential;
  }

  /** The access key id is an identifier, not a secret: showing its last 4 characters is what AWS's console does. */
  public boolean allowsPartial() {
    return !credential || this == AWS_ACCESS_KEY_ID;
  }
}
