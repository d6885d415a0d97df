using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>
/// Drivers are names that packages register: a backend from outside the library plugs in by name and claims its own
/// configuration section.
/// </summary>
public sealed class DriverRegistrationTests
{
    [Fact]
    public async Task A_fourth_backend_registered_from_outside_is_selected_by_Cart_Driver()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "inmemory-dictionary",
            ["Cart:Dictionary:Name"] = "mine",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        var builder = services.AddCartStorage(configuration.GetSection("Cart"));
        builder.AddSection<DictionaryOptions>("Dictionary");
        builder.AddDriver("InMemory-Dictionary", sp => new NamedStorage(sp.GetRequiredService<IOptions<DictionaryOptions>>().Value.Name));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var storage = provider.GetRequiredService<ICartStorage>();
        await storage.AddItemAsync("u", "default", new CartItem { Id = "sku-1", Quantity = 2 });

        storage.Should().BeOfType<NamedStorage>().Which.Name.Should().Be("mine");
        (await storage.GetItemsAsync("u", "default")).Should().ContainSingle().Which.Quantity.Should().Be(2);
    }

    [Fact]
    public async Task An_unregistered_driver_fails_at_startup_listing_the_registered_ones()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        services.AddCartStorage(o => o.Driver = "Redis").AddDriver("Mine", _ => new NamedStorage("x"));
        await using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Driver*'Redis'*Valid values: Cache, Mine*CartStorage.Redis*AddRedis()*");
    }

    [Fact]
    public async Task Several_drivers_and_none_chosen_fail_at_startup_listing_them()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        services.AddCartStorage().AddDriver("One", _ => new NamedStorage("1")).AddDriver("Two", _ => new NamedStorage("2"));
        await using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Driver is not set*One, Two*");
    }

    [Theory]
    [InlineData("Mine", "Mine", true)]
    [InlineData("mine", "Mine", true)]
    [InlineData("Cache", "Mine", false)]
    [InlineData(null, "Mine", true)]
    [InlineData(null, "Cache", false)]
    public async Task A_package_asks_whether_its_driver_is_the_one_selected(string? configured, string driver, bool selected)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        services.AddCartStorage(o => o.Driver = configured).AddDriver("Mine", _ => new NamedStorage("x"));
        await using var provider = services.BuildServiceProvider();

        // No Cart:Driver: the one driver registered besides the built-in cache is the one selected.
        CartDriver.IsSelected(provider, driver).Should().Be(selected);
    }

    private sealed class DictionaryOptions
    {
        public string Name { get; set; } = "default";
    }

    /// <summary>An application's own backend: the fake that implements only the interface, with the name its options gave it.</summary>
    private sealed class NamedStorage(string name) : ICartStorage
    {
        private readonly InMemoryFakeCartStorage inner = new();

        public string Name => name;

        public CartStorageCapabilities Capabilities => inner.Capabilities;

        public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) => inner.GetAsync(identifier, instance, ct);

        public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null) =>
            inner.UpdateAsync(identifier, instance, mutate, ct, idempotencyKey);

        public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) => inner.SaveAsync(identifier, instance, snapshot, ct);

        public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, ct);

        public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default) => inner.ForgetAsync(identifier, instance, expectedETag, ct);

        public Task FlushAsync(CancellationToken ct = default) => inner.FlushAsync(ct);

        public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) => inner.GetInstancesAsync(identifier, ct);

        public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) => inner.ForgetIdentifierAsync(identifier, ct);

        public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) => inner.SwapIdentifierAsync(oldIdentifier, newIdentifier, instance, ct);

        public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default) =>
            inner.MergeIdentifierAsync(fromIdentifier, toIdentifier, instance, strategy, ct);
    }
}
