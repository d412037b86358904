using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class CloudTrailNormaliserTests
{
    [Fact]
    public void An_assumed_role_call_maps_id_account_principal_address_and_action()
    {
        var e = Parsed("""
            {"eventVersion":"1.08","eventTime":"2026-03-02T11:40:12Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1",
             "sourceIPAddress":"203.0.113.50","userAgent":"[aws-cli/2.15.0]","eventID":"6f2c1d7e-1111-4a2b-9c3d-0123456789ab",
             "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:i-0a1b2c3d4e5f60718","arn":"arn:aws:sts::210987654321:assumed-role/app-ec2-role/i-0a1b2c3d4e5f60718",
               "accountId":"210987654321","sessionContext":{"sessionIssuer":{"type":"Role","userName":"app-ec2-role"}}},
             "requestParameters":{"bucketName":"acme-finance-reports","key":"2026/q1.xlsx"},"responseElements":null,"recipientAccountId":"210987654321"}
            """);

        Assert.Equal(EventFormats.CloudTrail, e.Format);
        Assert.Equal("6f2c1d7e-1111-4a2b-9c3d-0123456789ab", e.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 40, 12, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("210987654321", e.Host);
        Assert.Equal("app-ec2-role/i-0a1b2c3d4e5f60718", e.User);
        Assert.Equal("203.0.113.50", e.SourceAddress);
        Assert.Equal("GetObject", e.Action);
        Assert.Equal("CloudTrail s3.amazonaws.com GetObject", e.RuleName);
        Assert.Equal("acme-finance-reports", e.Fields["requestParameters.bucketName"]);
        Assert.False(e.Fields.ContainsKey("responseElements"));
    }

    [Fact]
    public void A_service_name_in_source_ip_address_is_not_an_address()
    {
        var e = Parsed("""{"eventVersion":"1.08","eventTime":"2026-03-02T11:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","sourceIPAddress":"ec2.amazonaws.com","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventID":"a1"}""");

        Assert.Null(e.SourceAddress);
        Assert.Equal("ec2.amazonaws.com", e.Fields["sourceIPAddress"]);
        Assert.Equal("ec2.amazonaws.com", e.User);
        Assert.Null(e.Host);
    }

    [Fact]
    public void An_iam_user_is_named_and_failures_say_their_error_code()
    {
        var e = Parsed("""{"eventVersion":"1.08","eventTime":"2026-03-02T11:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","errorCode":"AccessDenied","errorMessage":"User is not authorized","userIdentity":{"type":"IAMUser","userName":"mlopez","arn":"arn:aws:iam::210987654321:user/mlopez","accountId":"210987654321"},"eventID":"b2"}""");

        Assert.Equal("mlopez", e.User);
        Assert.Equal("210987654321", e.Host);
        Assert.Equal("CloudTrail iam.amazonaws.com CreateAccessKey failed: AccessDenied", e.RuleName);
        Assert.Equal("User is not authorized", e.Message);
    }

    [Fact]
    public void Root_and_the_region_are_fallbacks()
    {
        var e = Parsed("""{"eventVersion":"1.08","eventTime":"2026-03-02T11:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","userIdentity":{"type":"Root","arn":"arn:aws:iam::210987654321:root"}}""");

        Assert.Equal("root", e.User);
        Assert.Equal("us-east-1", e.Host);
        Assert.Equal(EventParser.ContentId(System.Text.Encoding.UTF8.GetBytes("""{"eventVersion":"1.08","eventTime":"2026-03-02T11:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","userIdentity":{"type":"Root","arn":"arn:aws:iam::210987654321:root"}}""")), e.Id);
    }
}
