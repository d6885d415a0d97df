using CartStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddCartStorage</c>; backend packages add their registrations to it (<c>.AddSqlite()</c>,
/// <c>.AddPostgreSql()</c>, <c>.AddSession()</c>, <c>.AddRedis()</c>, <c>.AddRedisLocking()</c>), and so can an
/// application's own backend, with <see cref="AddDriver"/> and <see cref="AddSection{TOptions}"/>.
/// </summary>
public sealed class CartStorageBuilder
{
    internal CartStorageBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The service collection the cart storage is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The <c>Cart</c> configuration section given to <c>AddCartStorage(IConfiguration)</c>, or <see langword="null"/>
    /// when the storage is configured in code. Packages bind their own subsections from it.
    /// </summary>
    public IConfiguration? Configuration { get; }

    /// <summary>
    /// Registers a driver: the storage <see cref="ICartStorage"/> resolves to when <c>Cart:Driver</c> is
    /// <paramref name="name"/> (matched case-insensitively). A registration made earlier for the same name wins.
    /// </summary>
    /// <param name="name">The driver name, such as <c>Database</c>: letters, digits, <c>-</c> and <c>_</c>.</param>
    /// <param name="factory">Creates the storage (once: it is a singleton).</param>
    /// <returns>The builder, for chaining.</returns>
    public CartStorageBuilder AddDriver(string name, Func<IServiceProvider, ICartStorage> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Driver name '{name}' may hold only letters, digits, '-' and '_'.", nameof(name));
        }

        Services.AddSingleton(new CartDriverRegistration(name, factory));
        return this;
    }

    /// <summary>
    /// Registers the options of a package's own <c>Cart:{name}</c> section: bound from <see cref="Configuration"/>
    /// (unknown keys fail at startup naming the key), then <paramref name="configure"/>, validated at startup. Claims
    /// the section, so that <c>Cart:{name}</c> is not reported as an unknown key.
    /// </summary>
    /// <typeparam name="TOptions">The options type of the section.</typeparam>
    /// <param name="name">The section name under <c>Cart</c>, such as <c>Database</c>.</param>
    /// <param name="configure">Sets options in code, after the configuration is bound; may be <see langword="null"/>.</param>
    /// <returns>The options builder, to add validation.</returns>
    public OptionsBuilder<TOptions> AddSection<TOptions>(string name, Action<TOptions>? configure = null)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Services.Any(d => d.ImplementationInstance is CartSectionRegistration section && string.Equals(section.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Services.AddSingleton(new CartSectionRegistration(name));
        }

        var options = Services.AddOptions<TOptions>();
        if (Configuration is not null && !IsBound<TOptions>())
        {
            var section = Configuration.GetSection(name);
            options.Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
            Services.AddSingleton(new CartSectionBinding(typeof(TOptions)));
        }

        // The CART_* variables of this section over the configuration, and under what is set in code.
        options.Configure<CartEnvironmentVariables>((o, environment) => environment.Bind(name, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return options.ValidateOnStart();
    }

    private bool IsBound<TOptions>() =>
        Services.Any(d => d.ServiceType == typeof(CartSectionBinding) && d.ImplementationInstance is CartSectionBinding { Options: var t } && t == typeof(TOptions));

    /// <summary>Marks an options type already bound from the configuration, so a second registration does not bind it twice.</summary>
    private sealed record CartSectionBinding(Type Options);
}
