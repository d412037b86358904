namespace Llama3Siem.Worker.Configuration;

/// <summary>
/// Who may call the API. Section <c>Auth</c>. Either or both of: JWT bearer tokens signed with a shared key, and
/// static API keys. When neither is configured, <c>run</c> generates one analyst key per start and writes it to
/// <see cref="GeneratedKeyPath"/> (owner-only permissions), so a local try-out works and nothing is ever open.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>Static keys, for service accounts and tools that cannot obtain a token.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Where the generated key goes when no credentials are configured.</summary>
    public string GeneratedKeyPath { get; set; } = ".data/api-key";

    /// <summary>How many failed authentications one client address may make before its credentials go unchecked.</summary>
    public FailedAttemptsOptions FailedAttempts { get; set; } = new();

    public bool HasCredentials => Jwt.Enabled || ApiKeys.Count > 0;
}

/// <summary>HMAC-SHA256 tokens from the organisation's identity provider (or a token service) sharing this key.</summary>
public sealed class JwtAuthOptions
{
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>The base64 of at least 32 random bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim holding roles (<c>role</c>, or e.g. <c>roles</c> for some providers).</summary>
    public string RoleClaim { get; set; } = "role";

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>
/// Failed authentications are counted per client address in a window that starts at the address's first failure.
/// Once <see cref="Limit"/> failures are counted, the address's requests that carry credentials are answered 429 with
/// <c>Retry-After</c>, before any credential is checked, until the window ends. Behind a proxy the address is the
/// proxy's unless ASP.NET Core's forwarded-headers handling is configured.
/// </summary>
public sealed class FailedAttemptsOptions
{
    /// <summary>Failures one address may make in a window (10).</summary>
    public int Limit { get; set; } = 10;

    /// <summary>How long a window lasts from its first failure (one minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Addresses tracked at once (10,000); beyond that the one whose window started first is forgotten.</summary>
    public int MaxAddresses { get; set; } = 10_000;
}

/// <summary>One static API key: a name (the user the rate limit and logs see), the secret and its roles.</summary>
public sealed class ApiKeyOptions
{
    public string? Name { get; set; }

    /// <summary>At least 32 characters; compared in constant time.</summary>
    public string? Key { get; set; }

    public List<string> Roles { get; set; } = [ApiRoles.Analyst];
}

/// <summary>Roles the API knows. Analysts read and chat; nothing in the API writes incidents.</summary>
public static class ApiRoles
{
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { Analyst, Admin };
}
