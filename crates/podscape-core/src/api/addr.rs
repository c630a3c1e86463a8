//! IPv4 addresses and CIDRs: parsed from user data without ever panicking (the one parser of
//! dotted quads in the crate), printed the way iptables (`/32` always) and nftables (bare
//! address for a host) print them.

use std::fmt;

/// An IPv4 address, host byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ipv4(pub u32);

impl Ipv4 {
    /// Dotted quad. Leading zeros are read as decimal, like Go's `netutils.ParseIPSloppy`
    /// that kube-proxy uses; anything else (IPv6, names, garbage) is `None`.
    pub fn parse(s: &str) -> Option<Ipv4> {
        let mut value: u32 = 0;
        let mut parts = 0;
        for part in s.split('.') {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let octet: u32 = part.parse().ok()?;
            if octet > 255 {
                return None;
            }
            value = (value << 8) | octet;
            parts += 1;
        }
        (parts == 4).then_some(Ipv4(value))
    }

    pub fn octets(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }

    pub fn is_loopback(self) -> bool {
        self.octets()[0] == 127
    }
}

impl fmt::Display for Ipv4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.octets();
        write!(f, "{a}.{b}.{c}.{d}")
    }
}

/// An IPv4 network; the address is stored masked, as the kernel stores rule addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    pub addr: Ipv4,
    pub prefix: u8,
}

impl Cidr {
    /// `a.b.c.d/n`, or a bare address meaning `/32` (iptables accepts both).
    pub fn parse(s: &str) -> Option<Cidr> {
        match s.split_once('/') {
            Some((ip, prefix)) => {
                if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let prefix: u8 = prefix.parse().ok()?;
                if prefix > 32 {
                    return None;
                }
                Some(Cidr::new(Ipv4::parse(ip)?, prefix))
            }
            None => Some(Cidr::host(Ipv4::parse(s)?)),
        }
    }

    pub fn new(addr: Ipv4, prefix: u8) -> Cidr {
        let prefix = prefix.min(32);
        Cidr {
            addr: Ipv4(addr.0 & Cidr::mask_of(prefix)),
            prefix,
        }
    }

    pub fn host(addr: Ipv4) -> Cidr {
        Cidr { addr, prefix: 32 }
    }

    fn mask_of(prefix: u8) -> u32 {
        match prefix {
            0 => 0,
            p => u32::MAX << (32 - u32::from(p.min(32))),
        }
    }

    pub fn contains(self, ip: Ipv4) -> bool {
        ip.0 & Cidr::mask_of(self.prefix) == self.addr.0
    }

    /// nftables prints a host as a bare address and a network with its prefix.
    pub fn nft(self) -> String {
        if self.prefix == 32 {
            self.addr.to_string()
        } else {
            self.to_string()
        }
    }
}

/// The Service CIDR, [`super::SERVICE_CIDR`], as a network.
pub fn service_cidr() -> Cidr {
    Cidr::new(Ipv4(0x0a60_0000), 16)
}

/// Whether `ip` is an IPv4 address inside the Service CIDR: the ClusterIP allocator's range
/// check, for validation and for the allocator alike.
pub fn in_service_cidr(ip: &str) -> bool {
    Ipv4::parse(ip).is_some_and(|ip| service_cidr().contains(ip))
}

/// iptables style: always with the prefix (`10.96.45.12/32`).
impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_addr_parses_and_rejects_without_panicking() {
        assert_eq!(
            Ipv4::parse("10.96.0.1").map(|i| i.to_string()),
            Some("10.96.0.1".into())
        );
        assert_eq!(Ipv4::parse("010.096.000.001"), Ipv4::parse("10.96.0.1"));
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "::1",
            "a.b.c.d",
            "1..2.3",
            "1.2.3.4 ",
            "٣.1.1.1",
        ] {
            assert_eq!(Ipv4::parse(bad), None, "{bad:?}");
        }
        let c = Cidr::parse("10.244.1.7/16").unwrap();
        assert_eq!(c.to_string(), "10.244.0.0/16");
        assert!(c.contains(Ipv4::parse("10.244.200.3").unwrap()));
        assert!(!c.contains(Ipv4::parse("10.245.0.1").unwrap()));
        assert_eq!(Cidr::parse("10.96.0.1").unwrap().to_string(), "10.96.0.1/32");
        assert_eq!(Cidr::parse("0.0.0.0/0").unwrap().nft(), "0.0.0.0/0");
        for bad in ["10.0.0.0/33", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/1/2"] {
            assert_eq!(Cidr::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_service_cidr_is_the_constant() {
        assert_eq!(service_cidr(), Cidr::parse(super::super::SERVICE_CIDR).unwrap());
        assert!(in_service_cidr("10.96.0.1"));
        assert!(in_service_cidr("10.96.255.254"));
        assert!(
            in_service_cidr("010.096.000.001"),
            "leading zeros read as decimal"
        );
        for outside in [
            "10.112.0.1",
            "10.97.0.1",
            "10.111.255.254",
            "10.95.255.255",
            "11.96.0.1",
            "fd00::1",
            "10.96.0",
            "",
            "None",
        ] {
            assert!(!in_service_cidr(outside), "{outside:?}");
        }
    }
}
