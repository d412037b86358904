namespace Llama3Siem.Worker.Correlation;

/// <summary>An entity key (<c>host:ws-fin-07</c>, <c>user:alice</c>, <c>ip:10.0.0.5</c>) and whether it only links as a last resort.</summary>
internal readonly record struct CorrelationEntity(string Key, bool Weak);
