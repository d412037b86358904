namespace Llama3Siem.Prompts.Knowledge;

/// <summary>An ATT&amp;CK Enterprise technique or sub-technique.</summary>
/// <param name="Tactics">Tactic short names in ATT&amp;CK order (<c>credential-access</c>, ...).</param>
/// <param name="Revoked">Deprecated or revoked: an id the model must not cite.</param>
public sealed record AttackTechnique(string Id, string Name, IReadOnlyList<string> Tactics, bool Revoked);
