using System.Net;
using RecruitSignal.Outbound;
using RecruitSignal.Webhooks;

namespace RecruitSignal.Tests.Webhooks;

public sealed class TargetGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:2::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("fec0::1")]
    [InlineData("feff::1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::c0a8:101")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("100::1")]
    [InlineData("5f00::1")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public void InternalAddressesAreForbidden(string address) => Assert.True(TargetGuard.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("2a00:1450:4007:80e::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void PublicAddressesAreAllowed(string address) => Assert.False(TargetGuard.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public void SignatureIsTheHexHmacOfTimestampDotBodyAsOpensslComputesIt()
    {
        // printf '%s' '1764156000.{"id":"x"}' | openssl dgst -sha256 -hmac 'whsec_test' -hex
        const string Expected = "v1=40a4785bc4d4ec23833dd66ad11ce1b65cb9a7d67be795110a73c4323e4cc3bd";

        Assert.Equal(Expected, WebhookSignature.Sign("whsec_test", 1764156000, """{"id":"x"}"""));
        Assert.True(WebhookSignature.Verify("whsec_test", "1764156000", """{"id":"x"}""", Expected,
            DateTimeOffset.FromUnixTimeSeconds(1764156000).AddMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_test", "1764156000", """{"id":"y"}""", Expected,
            DateTimeOffset.FromUnixTimeSeconds(1764156000), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_test", "1764156000", """{"id":"x"}""", Expected,
            DateTimeOffset.FromUnixTimeSeconds(1764156000).AddHours(1), TimeSpan.FromMinutes(5)));
    }
}
