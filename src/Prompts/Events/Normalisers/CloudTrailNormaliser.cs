namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// AWS CloudTrail records. The account the call was made in (recipientAccountId) is the Host: it is the
/// asset under attack and what an analyst pivots on; the region stays in the fields. The source address
/// is kept only when it is an IP: for calls an AWS service made on someone's behalf CloudTrail writes
/// the service's name there instead (e.g. "s3.amazonaws.com").
/// </summary>
internal sealed class CloudTrailNormaliser : IEventNormaliser
{
    public string Format => EventFormats.CloudTrail;

    public bool Recognises(FlattenedRecord record) =>
        record.Has("eventSource") && record.Has("eventName")
        && (record.Has("eventVersion") || record.HasPrefix("userIdentity.") || record.Has("awsRegion"));

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var eventSource = record.Text("eventSource");
        var eventName = record.Text("eventName");
        var errorCode = record.Text("errorCode");
        return new NormalisedEvent
        {
            SourceId = record.Text("eventID"),
            Timestamp = EventTimestamps.First(record.Text("eventTime"), record.Text("@timestamp")),
            Host = record.FirstText("recipientAccountId", "userIdentity.accountId", "awsRegion"),
            User = Principal(record),
            SourceAddress = NetworkAddresses.Address(record.Text("sourceIPAddress")),
            RuleName = errorCode is null
                ? $"CloudTrail {eventSource} {eventName}"
                : $"CloudTrail {eventSource} {eventName} failed: {errorCode}",
            Action = eventName,
            Message = record.Text("errorMessage"),
        };
    }

    /// <summary>
    /// The IAM user's name; for an assumed role "role/session" from the ARN (for stolen instance
    /// credentials the session is the instance id, which is exactly what the analyst needs); otherwise
    /// the ARN's tail, the principal id, or the service that acted.
    /// </summary>
    private static string? Principal(FlattenedRecord record)
    {
        var userName = record.Text("userIdentity.userName");
        if (userName is not null)
        {
            return userName;
        }

        var arn = record.Text("userIdentity.arn");
        if (arn is not null)
        {
            const string assumedRole = ":assumed-role/";
            var roleAt = arn.IndexOf(assumedRole, StringComparison.Ordinal);
            if (roleAt >= 0)
            {
                return arn[(roleAt + assumedRole.Length)..];
            }

            if (record.Text("userIdentity.type") == "Root")
            {
                return "root";
            }

            var tail = arn[(arn.LastIndexOf(':') + 1)..];
            if (tail.Length > 0)
            {
                return tail;
            }
        }

        return record.FirstText(
            "userIdentity.sessionContext.sessionIssuer.userName", "userIdentity.principalId", "userIdentity.invokedBy");
    }
}
