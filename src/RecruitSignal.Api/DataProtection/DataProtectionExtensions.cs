using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RecruitSignal.DataProtection;

/// <summary>Environment: <c>DataProtection__KeyEncryptionKey</c>.</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>32 random bytes in base64 (<c>openssl rand -base64 32</c>); encrypts the key ring at rest.</summary>
    public string? KeyEncryptionKey { get; set; }

    public byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(KeyEncryptionKey))
        {
            return null;
        }

        var bytes = new byte[32];
        return Convert.TryFromBase64String(KeyEncryptionKey.Trim(), bytes, out var written) && written == 32 ? bytes : null;
    }
}

public static class DataProtectionExtensions
{
    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataProtectionSettings>()
            .BindConfiguration(DataProtectionSettings.Section)
            .Validate(s => string.IsNullOrWhiteSpace(s.KeyEncryptionKey) || s.KeyBytes() is not null,
                "DataProtection__KeyEncryptionKey must be 32 bytes in base64, for example the output of 'openssl rand -base64 32'.")
            .ValidateOnStart();
        builder.Services.AddDataProtection().SetApplicationName("RecruitSignal");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider, IOptions<DataProtectionSettings>>((options, services, settings) =>
            {
                // The data source is resolved at the key ring's first use, not when the pipeline is built (antiforgery
                // checks its services then): a missing connection string is then the one-line start-up error it should be.
                options.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>);
                if (settings.Value.KeyBytes() is { } key)
                {
                    options.XmlEncryptor = new KeyEncryptionKeyEncryptor(key);
                }
            });
        return builder;
    }
}
