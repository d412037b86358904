namespace Llama3Siem.Prompts.Knowledge.Import;

internal sealed record StixKillChainPhase
{
    public string? KillChainName { get; init; }

    public string? PhaseName { get; init; }
}
