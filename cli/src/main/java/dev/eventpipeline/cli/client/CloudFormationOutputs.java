package dev.eventpipeline.cli.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Reads a CloudFormation stack's outputs with one SigV4-signed {@code DescribeStacks} Query call.
 *
 * <p>Why not the SDK's CloudFormation client: its module is not among the project's managed
 * dependencies, and one read-only call does not justify another service model on the CLI's classpath.
 * The SDK's own signer and HTTP client do the hard parts.
 */
public final class CloudFormationOutputs {
  private CloudFormationOutputs() {}

  /**
   * The outputs of {@code stackName} as {OutputKey: OutputValue}.
   *
   * @param endpoint an endpoint override (moto in tests); null for the regional AWS endpoint, or the
   *     standard AWS_ENDPOINT_URL_CLOUDFORMATION / AWS_ENDPOINT_URL variables when set
   */
  public static Map<String, String> read(String stackName, Region region, AwsCredentialsProvider credentials,
      URI endpoint) {
    URI uri = endpoint != null ? endpoint : defaultEndpoint(region);
    String body = "Action=DescribeStacks&Version=2010-05-15&StackName="
        + URLEncoder.encode(stackName, StandardCharsets.UTF_8);
    Document document = call(uri, region, credentials, body, "DescribeStacks of stack " + stackName);
    Map<String, String> outputs = new LinkedHashMap<>();
    NodeList outputsElements = document.getElementsByTagName("Outputs");
    for (int i = 0; i < outputsElements.getLength(); i++) {
      NodeList members = ((Element) outputsElements.item(i)).getElementsByTagName("member");
      for (int j = 0; j < members.getLength(); j++) {
        Element member = (Element) members.item(j);
        outputs.put(text(member, "OutputKey"), text(member, "OutputValue"));
      }
    }
    return outputs;
  }

  /** One signed Query API call; returns the parsed XML response or throws with AWS's message. */
  static Document call(URI uri, Region region, AwsCredentialsProvider credentials, String form, String what) {
    byte[] payload = form.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(uri.getPath() == null || uri.getPath().isEmpty() ? uri.resolve("/") : uri)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .build();
    SignedRequest signed;
    try {
      signed = AwsV4HttpSigner.create().sign(r -> r
          .identity(credentials.resolveCredentials())
          .request(request)
          .payload(ContentStreamProvider.fromByteArray(payload))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cloudformation")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
    } catch (RuntimeException e) {
      throw new TargetException("cannot sign the CloudFormation request (credentials?): " + e.getMessage(), e);
    }
    SdkHttpRequest signedRequest = signed.request();
    try (SdkHttpClient http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)).build()) {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
          .request(signedRequest)
          .contentStreamProvider(ContentStreamProvider.fromByteArray(payload))
          .build()).call();
      byte[] bytes;
      InputStream body = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream());
      try (InputStream in = body) {
        bytes = in.readAllBytes();
      }
      Document document = parse(bytes);
      if (!response.httpResponse().isSuccessful()) {
        String message = document == null ? "" : text(document.getDocumentElement(), "Message");
        throw new TargetException(what + " failed: HTTP " + response.httpResponse().statusCode()
            + (message.isEmpty() ? "" : ": " + message));
      }
      if (document == null) {
        throw new TargetException(what + ": the response is not XML");
      }
      return document;
    } catch (IOException e) {
      throw new TargetException(what + " failed: " + e.getMessage(), e);
    }
  }

  private static URI defaultEndpoint(Region region) {
    for (String name : new String[] {"AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL"}) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        return URI.create(value.trim());
      }
    }
    String suffix = region.id().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return URI.create("https://cloudformation." + region.id() + "." + suffix + "/");
  }

  private static Document parse(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }
}
