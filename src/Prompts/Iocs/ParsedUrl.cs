namespace Llama3Siem.Prompts.Iocs;

/// <summary>A validated URL: its normalised text and the IOC its host stands for.</summary>
/// <param name="HostOffset">Where the host starts in the URL text as written, for ordering.</param>
/// <param name="AuthorityEnd">Where the authority (user info, host, port) ends in the URL text as written.</param>
internal sealed record ParsedUrl(string Normalized, Ioc Host, int HostOffset, int AuthorityEnd);
