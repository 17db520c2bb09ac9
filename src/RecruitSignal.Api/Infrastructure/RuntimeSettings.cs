using System.Globalization;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// The .NET runtime settings the README documents. The runtime reads them before any of the service's code runs, with
/// C's <c>strtoul</c> (dotnet/runtime, src/coreclr/inc/clrconfignocache.h): it keeps the leading hexadecimal digits and
/// drops the rest, so <c>DOTNET_GCGen0MaxBudget=16MB</c> is a budget of 0x16 bytes, and a value with no leading digit is
/// ignored. Either leaves the service running with a setting its operator did not mean; the service refuses to start.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>Settings the runtime reads as hexadecimal numbers of bytes, with or without 0x; also read with the older COMPlus_ prefix.</summary>
    private static readonly string[] HexadecimalSettings = ["GCGen0MaxBudget"];

    /// <summary>
    /// The smallest budget accepted. Below it the GC collects every few allocations: here the migrate command took 65 s
    /// to reach its first line at 0x16, 5.1 s at 0x100 and 0.5 s from 0x100000 up.
    /// </summary>
    public const ulong SmallestBudget = 0x100000;

    /// <summary>One line naming the first such setting the runtime would not read as its operator meant; null when all do or are unset.</summary>
    public static string? Problem(Func<string, string?> environment)
    {
        foreach (var name in HexadecimalSettings)
        {
            foreach (var variable in new[] { "DOTNET_" + name, "COMPlus_" + name })
            {
                if (environment(variable) is { Length: > 0 } value && ProblemOf(variable, value) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? ProblemOf(string variable, string value)
    {
        const string Example = "write it in hexadecimal, such as 0x1000000 (16 MiB)";
        var digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        var leading = digits.Length - digits.TrimStart("0123456789abcdefABCDEF".ToCharArray()).Length;
        if (leading < digits.Length || leading is 0 or > 16)
        {
            var read = leading is > 0 and <= 16 && leading < digits.Length
                ? $"the runtime would read only its leading digits, 0x{digits[..leading]} ({Bytes(digits[..leading])} bytes)"
                : "the runtime would not read it as a number";
            return $"Cannot start: {variable} is '{value}', which is not a hexadecimal number of bytes; {read}: {Example}.";
        }

        var budget = ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return budget < SmallestBudget
            ? string.Create(CultureInfo.InvariantCulture, $"Cannot start: {variable} is '{value}', a budget of {budget:N0} bytes, under ")
                + string.Create(CultureInfo.InvariantCulture, $"{SmallestBudget:N0} (0x{SmallestBudget:x}), below which the GC collects every few allocations ")
                + $"and the service slows to a crawl: {Example}."
            : null;
    }

    private static string Bytes(string hexadecimal) =>
        ulong.Parse(hexadecimal, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
}
