using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>HS256 tokens as an identity provider would issue them, for the JWT settings the tests configure.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://idp.test.example";
    public const string Audience = "llama3siem";

    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string[] Settings =>
    [
        "--Auth:Jwt:Issuer=" + Issuer,
        "--Auth:Jwt:Audience=" + Audience,
        "--Auth:Jwt:SigningKey=" + SigningKey,
    ];

    public static string Create(string? subject, string[] roles, string? key = null, string issuer = Issuer, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["role"] = roles };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Claims = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            IssuedAt = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
