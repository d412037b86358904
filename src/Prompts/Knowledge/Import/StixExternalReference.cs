namespace Llama3Siem.Prompts.Knowledge.Import;

internal sealed record StixExternalReference
{
    public string? SourceName { get; init; }

    public string? ExternalId { get; init; }
}
