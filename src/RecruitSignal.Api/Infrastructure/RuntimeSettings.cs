using System.Globalization;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// The .NET runtime settings the README documents. The runtime reads them before any of the service's code runs and
/// silently ignores a value it cannot parse, so a typo (<c>DOTNET_GCGen0MaxBudget=16MB</c>) would leave the service
/// running with a setting its operator believes is applied. The service refuses to start instead.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>Settings the runtime reads as hexadecimal numbers, with or without 0x; also read with the older COMPlus_ prefix.</summary>
    private static readonly string[] HexadecimalSettings = ["GCGen0MaxBudget"];

    /// <summary>One line naming the first such setting whose value the runtime would ignore; null when all parse or are unset.</summary>
    public static string? Problem(Func<string, string?> environment)
    {
        foreach (var name in HexadecimalSettings)
        {
            foreach (var variable in new[] { "DOTNET_" + name, "COMPlus_" + name })
            {
                if (environment(variable) is { Length: > 0 } value && !IsHexadecimal(value))
                {
                    return $"Cannot start: {variable} is '{value}', which is not a hexadecimal number of bytes such as 0x1000000 (16 MiB); "
                        + "the runtime would ignore it.";
                }
            }
        }

        return null;
    }

    private static bool IsHexadecimal(string value)
    {
        var digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return digits.Length is > 0 and <= 16 && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
    }
}
