using System.Text;
using CartStorage.Testing;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// The contract suite on <see cref="SessionStorage"/> through a real ASP.NET Core pipeline: every call of the suite is
/// one HTTP request of one browser (so one session, carried by its cookie from request to request), run inside the
/// request by <see cref="RequestCartStorage"/>.
/// </summary>
public sealed class SessionStorageContractTests(SessionHost host) : CartStorageContractTests, IClassFixture<SessionHost>, IDisposable
{
    private readonly SessionClient client = host.CreateClient();

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(new RequestCartStorage(client, host.CreateStorage(options)));

    protected override Task StoreRawAsync(string identifier, string instance, string raw) => client.RunAsync(context =>
    {
        context.Session.Set(new SessionKeys(Options.KeyPrefix).Cart(new CartKey(identifier, instance)), Encoding.UTF8.GetBytes(raw));
        return Task.CompletedTask;
    });

    [Fact]
    public void The_storage_says_it_is_not_safe_across_servers()
    {
        Storage.Capabilities.Should().Be(new CartStorageCapabilities("session", SafeAcrossServers: false, StoreEnforcedVersionCheck: false, Locking: false));
    }

    public void Dispose() => client.Dispose();
}
