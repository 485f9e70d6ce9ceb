package dev.eventpipeline.bench.mask;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic, reproducible mixed log corpus for the mask benchmarks (seeded; no files needed).
 * Line shapes follow the samples in shared/corpora/logs (plaso Apache access and syslog, AWS
 * documentation ALB, VPC flow and CloudTrail examples, Datadog's CloudWatch Lambda lines), with
 * values varied by the generator:
 *
 * <ul>
 *   <li>35% application log records as the mask function receives them (docs/record-schema.md, with
 *       enrichment), messages from a web service;
 *   <li>20% Apache combined access log lines, 10% ALB access log lines;
 *   <li>12% CloudTrail events (JSON with nested escaped JSON, as CloudWatch delivers them);
 *   <li>10% VPC flow log lines; 13% Lambda runtime / syslog lines.
 * </ul>
 *
 * About 4% of lines carry an extra sensitive value (e-mail, card, phone, SSN, IBAN, JWT, AWS key,
 * password, bearer token, private key); IP addresses occur naturally in most access and flow lines.
 */
public final class MaskCorpus {
  private static final String[] PATHS = {"/api/orders", "/api/orders/42", "/health", "/static/app.js",
      "/login", "/api/users/me", "/wp-content/themes/darkmode/header.php", "/api/cart?item=991&qty=2"};
  private static final String[] AGENTS = {
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.11 (KHTML, like Gecko) Chrome/23.0.1271.6 Safari/537.11",
      "curl/7.46.0", "Mozilla/5.0 (Windows NT 7.1) AppleWebKit/534.30 (KHTML, like Gecko) Chrome/12.0.742.112 Safari/534.30",
      "aws-sdk-java/2.42.28 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.15"};
  private static final String[] MESSAGES = {
      "order %d created for customer %d with %d items",
      "payment authorized for order %d amount %d.%02d EUR",
      "cache miss for key product:%d, loading from database",
      "request completed in %d ms with status 200 (%d bytes)",
      "retrying call to inventory-service attempt %d of %d",
      "user session %d refreshed; expires in %d seconds",
      "failed to reserve stock for sku-%d: insufficient quantity (%d requested)"};
  private static final String[] EVENTS = {"DescribeInstances", "GetObject", "PutObject", "AssumeRole", "ListBuckets",
      "TerminateInstances", "CreateLogStream"};

  private MaskCorpus() {}

  /** Lines of about {@code targetBytes} in total. */
  public static List<String> lines(int targetBytes, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    int bytes = 0;
    int n = 0;
    while (bytes < targetBytes) {
      int kind = r.nextInt(100);
      String line;
      if (kind < 35) {
        line = appRecord(r, n);
      } else if (kind < 55) {
        line = apache(r);
      } else if (kind < 65) {
        line = alb(r);
      } else if (kind < 77) {
        line = cloudTrail(r, n);
      } else if (kind < 87) {
        line = vpcFlow(r);
      } else {
        line = lambdaOrSyslog(r);
      }
      if (r.nextInt(100) < 4) {
        line = withPii(r, line);
      }
      lines.add(line);
      bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      n++;
    }
    return lines;
  }

  /** Only the application records (the JSON the mask function receives). */
  public static List<String> records(int targetBytes, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    int bytes = 0;
    int n = 0;
    while (bytes < targetBytes) {
      String line = appRecord(r, n++);
      if (r.nextInt(100) < 4) {
        line = line.replace("\"fields\":{", "\"fields\":{\"contact\":\"" + email(r) + "\",");
      }
      lines.add(line);
      bytes += line.length() + 1;
    }
    return lines;
  }

  static String appRecord(Random r, int n) {
    String msg = String.format(MESSAGES[r.nextInt(MESSAGES.length)], r.nextInt(100000), r.nextInt(100000),
        r.nextInt(100), r.nextInt(100));
    String seq = "49545115243490985018280067714973144582180062593" + (100000000 + n);
    return "{\"schemaVersion\":1,\"id\":\"shardId-000000000000." + seq + ".0.0\","
        + "\"timestamp\":\"2026-11-23T16:" + two(r.nextInt(60)) + ":" + two(r.nextInt(60)) + ".123Z\","
        + "\"ingestedAt\":\"2026-11-23T16:00:01.456Z\",\"level\":\"" + (r.nextInt(10) == 0 ? "ERROR" : "INFO")
        + "\",\"message\":\"" + msg + "\","
        + "\"fields\":{\"orderId\":" + r.nextInt(1000000) + ",\"durationMs\":" + r.nextInt(2000)
        + ",\"route\":\"" + PATHS[r.nextInt(PATHS.length)].replace("?", "") + "\",\"region\":\"eu-west-1\"},"
        + "\"origin\":{\"format\":\"cwl\",\"stream\":\"raw-logs\",\"shardId\":\"shardId-000000000000\","
        + "\"sequenceNumber\":\"" + seq + "\",\"subSequenceNumber\":0,\"lineIndex\":" + r.nextInt(20)
        + ",\"logGroup\":\"/aws/lambda/orders\",\"logStream\":\"2026/11/23/[$LATEST]20bddfd5a2dc4c6b97ac02800eae90d0\","
        + "\"owner\":\"123456789012\",\"subscriptionFilters\":[\"all\"],\"eventId\":\"3531157611194862287403387646297"
        + r.nextInt(1000000) + "\"},"
        + "\"enrichment\":{\"environment\":\"prod\",\"region\":\"eu-west-1\",\"account\":\"123456789012\","
        + "\"pipelineVersion\":\"1.4.2\",\"service\":\"orders\",\"traceId\":\"1-5759e988-bd862e3fe1be46a994272793\","
        + "\"requestId\":\"f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\",\"team\":\"payments\",\"tier\":\"1\","
        + "\"networkZone\":\"private\"}}";
  }

  static String apache(Random r) {
    return ip(r) + " - - [13/Jan/2016:19:31:" + two(r.nextInt(60)) + " +0000] \"GET " + PATHS[r.nextInt(PATHS.length)]
        + " HTTP/1.1\" 200 " + r.nextInt(20000) + " \"-\" \"" + AGENTS[r.nextInt(AGENTS.length)] + "\"";
  }

  static String alb(Random r) {
    return "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 " + ip(r) + ":" + (1024 + r.nextInt(60000))
        + " 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443" + PATHS[r.nextInt(PATHS.length)]
        + " HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
        + "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
        + "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" "
        + "\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 "
        + "2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"";
  }

  static String cloudTrail(Random r, int n) {
    String event = EVENTS[r.nextInt(EVENTS.length)];
    return "{\"EventId\": \"0828c0d2-3589-4390-b954-c78b4a7df44b\", \"EventName\": \"" + event + "\", \"ReadOnly\": \"true\","
        + " \"AccessKeyId\": \"0123456789ABCDEFGHIJ\", \"EventTime\": \"2022-02-08 09:23:37+11:00\", \"EventSource\":"
        + " \"ec2.amazonaws.com\", \"Username\": \"fakeusername\", \"Resources\": [], \"CloudTrailEvent\":"
        + " \"{\\\"eventVersion\\\":\\\"1.08\\\",\\\"userIdentity\\\":{\\\"type\\\":\\\"IAMUser\\\",\\\"principalId\\\":"
        + "\\\"0123456789ABCDEFGHIJK\\\",\\\"arn\\\":\\\"arn:aws:iam::012345678901:user/fakeusername\\\",\\\"accountId\\\":"
        + "\\\"012345678901\\\",\\\"userName\\\":\\\"fakeusername\\\"},\\\"eventTime\\\":\\\"2022-02-07T22:23:37Z\\\","
        + "\\\"eventSource\\\":\\\"ec2.amazonaws.com\\\",\\\"eventName\\\":\\\"" + event + "\\\",\\\"awsRegion\\\":"
        + "\\\"ap-southeast-2\\\",\\\"sourceIPAddress\\\":\\\"" + ip(r) + "\\\",\\\"userAgent\\\":\\\"console.ec2.amazonaws.com\\\","
        + "\\\"requestParameters\\\":{\\\"instancesSet\\\":{\\\"items\\\":[{\\\"instanceId\\\":\\\"i-0123456789" + (100000 + n % 900000)
        + "\\\"}]}},\\\"responseElements\\\":null,\\\"requestID\\\":\\\"5e2d469d-002a-40b1-9922-a2e7dca03332\\\","
        + "\\\"readOnly\\\":true,\\\"eventType\\\":\\\"AwsApiCall\\\",\\\"recipientAccountId\\\":\\\"012345678901\\\"}\"}";
  }

  static String vpcFlow(Random r) {
    return "2 123456789010 eni-1235b8ca123456789 " + ip(r) + " " + ip(r) + " " + (1024 + r.nextInt(60000)) + " "
        + (r.nextBoolean() ? 443 : 22) + " 6 " + r.nextInt(100) + " " + r.nextInt(100000) + " 1418530010 1418530070 "
        + (r.nextInt(5) == 0 ? "REJECT" : "ACCEPT") + " OK";
  }

  static String lambdaOrSyslog(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return "START RequestId: f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb Version: $LATEST";
      case 1:
        return "REPORT RequestId: f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\tDuration: " + r.nextInt(900) + ".52 ms\t"
            + "Billed Duration: 901 ms\tMemory Size: 1024 MB\tMax Memory Used: " + (90 + r.nextInt(200)) + " MB";
      case 2:
        return "2020-03-05T16:30:36.114Z\tf08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\tDEBUG\t[dd.trace_id=3172564172058669914"
            + " dd.span_id=14292093692483532556] {\"autoPatchHTTP\":true,\"tracerInitialized\":true,\"status\":\"debug\","
            + "\"message\":\"datadog:Not patching HTTP libraries\"}";
      default:
        return "Jan 22 07:52:" + two(r.nextInt(60)) + " myhostname.myhost.com client[30840]: INFO No change in"
            + " [/etc/netgroup]. Done";
    }
  }

  static String withPii(Random r, String line) {
    String pii;
    switch (r.nextInt(10)) {
      case 0 -> pii = email(r);
      case 1 -> pii = "card 4111 1111 1111 1111";
      case 2 -> pii = "phone +44 20 7123 " + (1000 + r.nextInt(9000));
      case 3 -> pii = "ssn 078-05-1123";
      case 4 -> pii = "iban GB29 NWBK 6016 1331 9268 19";
      case 5 -> pii = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
      case 6 -> pii = "using AKIAIOSFODNN7EXAMPLE";
      case 7 -> pii = "password=hunter" + r.nextInt(100);
      case 8 -> pii = "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
      default -> pii = "url postgres://app:s3cr3t@db.internal:5432/orders";
    }
    if (line.endsWith("}")) {
      return line.substring(0, line.length() - 1) + ",\"note\":\"" + pii.replace("\"", "\\\"") + "\"}";
    }
    return line + " " + pii;
  }

  private static String email(Random r) {
    return "user" + r.nextInt(10000) + "@example.com";
  }

  private static String ip(Random r) {
    return r.nextBoolean() ? "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)
        : "192.168." + r.nextInt(256) + "." + r.nextInt(256);
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
