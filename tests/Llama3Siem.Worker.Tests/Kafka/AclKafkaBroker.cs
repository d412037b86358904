namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A throw-away broker with Kafka's ACL authorizer, open to everyone except on the topics given an ACL
/// (<see cref="KafkaBroker.DenyWriteAsync"/>): a dead-letter topic this client may not write, for real.
/// </summary>
public sealed class AclKafkaBroker() : KafkaBroker(
    "authorizer.class.name=kafka.security.auth.SimpleAclAuthorizer\nallow.everyone.if.no.acl.found=true");
