using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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
        // Built while the pipeline is assembled (antiforgery asks for it), before start-up validation has had its say:
        // nothing here may resolve validated options, or a missing setting would surface as a stack trace instead of
        // the one-line message. The data source is reached on first use; a malformed key-encryption key is left to
        // the start-up validation above.
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider, IConfiguration>((options, services, config) =>
            {
                options.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>);
                var settings = config.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>();
                if (settings?.KeyBytes() is { } key)
                {
                    options.XmlEncryptor = new KeyEncryptionKeyEncryptor(key);
                }
            });
        return builder;
    }
}
